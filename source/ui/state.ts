/**
 * The dashboard's own state (what only the screen cares about: the help
 * overlay), its one reducer, and a small store the app subscribes to.
 * Run control (pause, speed, target) is the run layer's: source/run/controls.ts.
 */
export type UiAction = {readonly type: 'toggle-help'} | {readonly type: 'close-help'};
export type UiType = UiAction['type'];

export type UiState = {
	readonly helpOpen: boolean;
};

export const initialUiState: UiState = {helpOpen: false};

export function reduceUi(state: UiState, action: UiAction): UiState {
	switch (action.type) {
		case 'toggle-help': {
			return {...state, helpOpen: !state.helpOpen};
		}

		case 'close-help': {
			return state.helpOpen ? {...state, helpOpen: false} : state;
		}
	}
}

/** Holds the UI state for `useSyncExternalStore`. */
export class UiStore {
	private state = initialUiState;
	private readonly listeners = new Set<() => void>();

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => {
			this.listeners.delete(listener);
		};
	};

	readonly getState = (): UiState => this.state;

	readonly dispatch = (action: UiAction): void => {
		const next = reduceUi(this.state, action);
		if (next !== this.state) {
			this.state = next;
			for (const listener of this.listeners) {
				listener();
			}
		}
	};
}
