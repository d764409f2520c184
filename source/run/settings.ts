/**
 * Live changes to the training's settings (`[` `]` `l` `t` in the dashboard):
 * one pure reducer from the settings in force to the next. The session
 * records each change in the run's schedule at the next epoch boundary.
 */
import type {Change, GeneratorLoss, Settings, TrainMode} from './schedule.js';

export type SettingsAction =
	| {readonly type: 'halve-lr'}
	| {readonly type: 'double-lr'}
	/** nonsaturating ↔ minimax. */
	| {readonly type: 'switch-loss'}
	/** both → d → g → both. */
	| {readonly type: 'cycle-train'};

export type SettingsType = SettingsAction['type'];

export const defaultSettings: Omit<Settings, 'lr'> = {loss: 'nonsaturating', train: 'both'};

const otherLoss: Readonly<Record<GeneratorLoss, GeneratorLoss>> = {nonsaturating: 'minimax', minimax: 'nonsaturating'};
const nextTrain: Readonly<Record<TrainMode, TrainMode>> = {both: 'd', d: 'g', g: 'both'};

export function reduceSettings(settings: Settings, action: SettingsAction): Settings {
	switch (action.type) {
		// An lr stays finite and > 0: at either end the key does nothing
		case 'halve-lr': {
			return settings.lr / 2 > 0 ? {...settings, lr: settings.lr / 2} : settings;
		}

		case 'double-lr': {
			return Number.isFinite(settings.lr * 2) ? {...settings, lr: settings.lr * 2} : settings;
		}

		case 'switch-loss': {
			return {...settings, loss: otherLoss[settings.loss]};
		}

		case 'cycle-train': {
			return {...settings, train: nextTrain[settings.train]};
		}
	}
}

/** The schedule entry that turns `before` into `after` at `epoch`: the one setting an action changes. */
export function changeBetween(before: Settings, after: Settings, epoch: number): Change | undefined {
	if (after.lr !== before.lr) {
		return {epoch, key: 'lr', value: after.lr};
	}

	if (after.loss !== before.loss) {
		return {epoch, key: 'loss', value: after.loss};
	}

	if (after.train !== before.train) {
		return {epoch, key: 'train', value: after.train};
	}

	return undefined;
}
