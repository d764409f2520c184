/**
 * The dashboard's own state (what only the screen cares about: the help
 * overlay, a notice such as where a checkpoint went, what the lower half
 * shows in a small terminal), its one reducer, and a
 * small store the app subscribes to. Run control (pause, speed, target) is
 * the run layer's: source/run/controls.ts.
 */
export type Notice = {readonly text: string; readonly error: boolean};
/** Below 120×40 the lower half shows the samples and parameters, or the views of D and G. */
export type Lower = 'samples' | 'views';

export type UiAction =
	| {readonly type: 'toggle-help'}
	| {readonly type: 'close-help'}
	| {readonly type: 'toggle-lower'}
	/** A one-line message in place of the help bar, until cleared. */
	| {readonly type: 'notify'; readonly notice: Notice}
	| {readonly type: 'clear-notice'};
export type UiType = UiAction['type'];

export type UiState = {
	readonly helpOpen: boolean;
	readonly notice: Notice | undefined;
	readonly lower: Lower;
};

export const initialUiState: UiState = {helpOpen: false, notice: undefined, lower: 'samples'};

export function reduceUi(state: UiState, action: UiAction): UiState {
	switch (action.type) {
		case 'toggle-help': {
			return {...state, helpOpen: !state.helpOpen};
		}

		case 'close-help': {
			return state.helpOpen ? {...state, helpOpen: false} : state;
		}

		case 'toggle-lower': {
			return {...state, lower: state.lower === 'samples' ? 'views' : 'samples'};
		}

		case 'notify': {
			return {...state, notice: action.notice};
		}

		case 'clear-notice': {
			return state.notice === undefined ? state : {...state, notice: undefined};
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
