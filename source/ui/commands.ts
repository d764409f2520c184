/**
 * Where each key's command goes: run control and live changes of the
 * settings to the session, the UI's own actions to the UI store, quit,
 * suspend and save to the dashboard. Every key of a read goes through here
 * on its own, in order.
 */
import type {ControlAction} from '../run/controls.js';
import type {Session} from '../run/session.js';
import type {SettingsAction} from '../run/settings.js';
import type {KeyName} from '../terminal/input.js';
import {type Command, commandFor} from './keys.js';
import type {UiStore} from './state.js';

export type CommandTargets = {
	readonly session: {dispatch(action: ControlAction): void; adjust(action: SettingsAction): void};
	readonly ui: Pick<UiStore, 'dispatch'>;
	readonly quit: () => void;
	readonly suspend: () => void;
	readonly save: () => void;
	/** Hears every command before it acts (the screen lets the frame that shows it out at once). */
	readonly onCommand?: (command: Command) => void;
};

/** A key handler that sends each key's command to its target. */
export function routeKeys(targets: CommandTargets): (key: KeyName) => void {
	return key => {
		const command = commandFor(key);
		if (command === undefined) {
			return;
		}

		targets.onCommand?.(command);
		switch (command.type) {
			case 'quit': {
				targets.quit();
				break;
			}

			case 'suspend': {
				targets.suspend();
				break;
			}

			case 'save': {
				targets.save();
				break;
			}

			case 'halve-lr':
			case 'double-lr':
			case 'switch-loss':
			case 'cycle-train': {
				targets.session.adjust(command);
				break;
			}

			case 'toggle-help':
			case 'close-help':
			case 'toggle-lower': {
				targets.ui.dispatch(command);
				break;
			}

			default: {
				targets.session.dispatch(command);
			}
		}
	};
}

/** Without a keyboard nobody can press q: quit once the run is finished or has diverged. */
export function quitAtEnd(session: Pick<Session, 'subscribe' | 'getView'>, quit: () => void): () => void {
	return session.subscribe(() => {
		const {status} = session.getView();
		if (status === 'finished' || status === 'diverged') {
			quit();
		}
	});
}
