/**
 * `--json --updates` in the built CLI: an `update` event per SGD update, in
 * SPEC.md's order, before each epoch's line; each one's parameters are the
 * ones before it less lr × its gradient, and the epoch's last update ends
 * where the run's own epochs end (the end event of the same run without
 * --updates).
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type EndEvent, type Params, type StartEvent, type UpdateEvent, parseNdjson, runCli} from '../helpers/cli.js';
import {assertBuilt} from '../helpers/paths.js';

type AnyEvent = {readonly type: string};

async function events(args: readonly string[]): Promise<AnyEvent[]> {
	const result = await runCli(['--json', ...args]);
	expect(result.stderr).toBe('');
	expect(result.code).toBe(0);
	return parseNdjson(result.stdout) as AnyEvent[];
}

const isUpdate = (event: AnyEvent): event is UpdateEvent => event.type === 'update';

/** The 13 parameters in one list, in the engine's order: D's v and b, then G's w and c. */
function flat(params: Params): number[] {
	const {discriminator: d, generator: g} = params;
	return [...d.weights, d.bias, ...g.weights, ...g.biases];
}

/** The 13 parameters a gradient changes, as the flat list's indices (D's v, b; G's w, c). */
function gradientAsFlat(gradient: UpdateEvent['gradient']): Array<number | undefined> {
	return 'discriminator' in gradient
		? [...gradient.discriminator.weights, gradient.discriminator.bias, ...Array.from({length: 8}, () => undefined)]
		: [...Array.from({length: 5}, () => undefined), ...gradient.generator.weights, ...gradient.generator.biases];
}

/** Holds each update's params to the previous ones less lr × its gradient, exactly; returns the last params. */
function checkSteps(start: Params, updates: readonly UpdateEvent[], lrAt: (epoch: number) => number): Params {
	let before = flat(start);
	for (const update of updates) {
		const gradient = gradientAsFlat(update.gradient);
		const lr = lrAt(update.epoch);
		const expected = before.map((value, i) => (gradient[i] === undefined ? value : value - lr * gradient[i]!));
		expect(flat(update.params), `epoch ${update.epoch} sample ${update.sample} ${update.step}`).toEqual(expected);
		before = expected;
	}

	return updates.at(-1)!.params;
}

let folder: string;
beforeAll(() => {
	assertBuilt();
	folder = mkdtempSync(join(tmpdir(), 'tinygan-updates-'));
});
afterAll(() => {
	rmSync(folder, {recursive: true, force: true});
});

describe('--json --updates', () => {
	it('prints the 15 updates of each epoch in order before its line, each exactly before − lr × gradient', async () => {
		const all = await events(['--seed', '42', '--epochs', '3', '--updates']);
		expect(all.map(event => event.type)).toEqual([
			'start',
			...[1, 2, 3].flatMap(() => [...Array.from({length: 15}, () => 'update'), 'epoch']),
			'end',
		]);
		const updates = all.filter(isUpdate);
		expect(updates.map(u => `${u.epoch}.${u.sample}.${u.step}`)).toEqual(
			[1, 2, 3].flatMap(epoch =>
				[0, 1, 2, 3, 4].flatMap(i => ['d-real', 'd-fake', 'g'].map(s => `${epoch}.${i}.${s}`)),
			),
		);
		// The same z for the three updates of a sample, a new one for each sample
		for (let i = 0; i < updates.length; i += 3) {
			expect(new Set(updates.slice(i, i + 3).map(u => u.z)).size).toBe(1);
		}

		const start = all[0] as StartEvent;
		const last = checkSteps(start.params, updates, () => 0.01);
		// Where the run without --updates ends
		const plain = await events(['--seed', '42', '--epochs', '3']);
		expect(last).toEqual((plain.at(-1) as EndEvent).params);
		expect((all.at(-1) as EndEvent).params).toEqual(last);
		// And the epoch lines are the same
		expect(all.filter(event => event.type === 'epoch')).toEqual(plain.filter(event => event.type === 'epoch'));
	});

	it('follows the schedule: a frozen D leaves only G’s updates, at the new learning rate', async () => {
		const all = await events(['--seed', '5', '--epochs', '3', '--updates', '--schedule', '1:train=g,2:lr=0.5']);
		const updates = all.filter(isUpdate);
		expect(updates.filter(u => u.epoch === 1)).toHaveLength(15);
		expect(updates.filter(u => u.epoch === 2).map(u => u.step)).toEqual(Array.from({length: 5}, () => 'g'));
		expect(updates.filter(u => u.epoch === 3)).toHaveLength(5);
		const last = checkSteps((all[0] as StartEvent).params, updates, epoch => (epoch === 3 ? 0.5 : 0.01));
		const plain = await events(['--seed', '5', '--epochs', '3', '--schedule', '1:train=g,2:lr=0.5']);
		expect(last).toEqual((plain.at(-1) as EndEvent).params);
	});

	it('visits a dataset’s images in order, all updates even with --every 0', async () => {
		const file = join(folder, 'two.json');
		writeFileSync(
			file,
			JSON.stringify([
				[0.1, 0.9, 0.8, 0.2],
				[
					[1, 0],
					[0.3, 0.7],
				],
			]),
		);
		const all = await events(['--seed', '9', '--data', file, '--epochs', '2', '--every', '0', '--updates']);
		expect(all.map(event => event.type)).toEqual(['start', ...Array.from({length: 12}, () => 'update'), 'end']);
		const updates = all.filter(isUpdate);
		expect(updates.map(u => u.sample)).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1]);
		const last = checkSteps((all[0] as StartEvent).params, updates, () => 0.01);
		expect((all.at(-1) as EndEvent).params).toEqual(last);
	});
});
