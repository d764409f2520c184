import {describe, expect, it} from 'vitest';
import {parseOptions} from '../../../source/cli/options.js';
import type {TrainerSnapshot} from '../../../source/engine/trainer.js';
import {slantedFaces} from '../../../source/engine/data.js';
import {runHeadless} from '../../../source/run/headless.js';
import {parseSchedule} from '../../../source/run/schedule.js';
import {Training} from '../../../source/run/training.js';
import {summaryLines} from '../../../source/ui/summary.js';
import {trainedFor} from '../../helpers/training.js';

const number = /-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi;

function trained(seed: number, lr: number, epochs: number): TrainerSnapshot {
	return trainedFor(epochs, {seed, lr}).trainer.snapshot();
}

/** The numbers of the one line that starts with `label`. */
function numbersAfter(lines: readonly string[], label: string): number[] {
	const matching = lines.filter(line => line.startsWith(label));
	expect(matching, label).toHaveLength(1);
	const rest = matching[0]!.slice(label.length);
	return (rest.match(number) ?? []).map(Number);
}

function bracketed(lines: readonly string[], label: string): number[] {
	const line = lines.find(line => line.startsWith(label))!;
	expect(line, label).toMatch(/^[^[]+\[[^\]]*\]$/);
	return numbersAfter(lines, label);
}

function expectParameters(lines: readonly string[], snapshot: TrainerSnapshot): void {
	const {generator, discriminator} = snapshot.parameters;
	expect(bracketed(lines, 'Generator weights [')).toEqual([...generator.weights]);
	expect(bracketed(lines, 'Generator biases [')).toEqual([...generator.biases]);
	expect(bracketed(lines, 'Discriminator weights [')).toEqual([...discriminator.weights]);
	expect(numbersAfter(lines, 'Discriminator bias ')).toEqual([discriminator.bias]);
}

describe('summaryLines', () => {
	it.each([
		[42, 0.01, 1000],
		[0, 0.01, 1],
		[4_294_967_295, 0.2, 37],
		[7, 1e-7, 10],
		[123, 0.5, 0],
	])('seed %d, lr %d, %d epochs: the four tutorial lines with every digit', (seed, lr, epochs) => {
		const snapshot = trained(seed, lr, epochs);
		const lines = summaryLines(snapshot);
		expectParameters(lines, snapshot);
		expect(lines.some(line => line.includes('diverged'))).toBe(false);
	});

	it('numbers of every sign and size parse back exactly', () => {
		const base = trained(1, 0.01, 5);
		const snapshot: TrainerSnapshot = {
			...base,
			parameters: {
				generator: {weights: [1e-7, -2.5e-12, 123_456_789.123_456_78, -0.5], biases: [0, 1, -1, 1e21]},
				discriminator: {
					weights: [-1e-300, 3.141_592_653_589_793, -2.718_281_828_459_045, 5e-324],
					bias: -0.000_012_345,
				},
			},
		};
		const lines = summaryLines(snapshot);
		expectParameters(lines, snapshot);
	});

	it('separates numbers numpy-style: one space before a positive value', () => {
		const snapshot = trained(3, 0.01, 20);
		const line = summaryLines(snapshot).find(line => line.startsWith('Generator weights ['))!;
		const inner = line.slice(line.indexOf('[') + 1, line.lastIndexOf(']'));
		const tokens = inner.trim().split(/\s+/);
		expect(tokens).toHaveLength(4);
		expect(tokens.map(Number)).toEqual([...snapshot.parameters.generator.weights]);
		if (snapshot.parameters.generator.weights[0]! >= 0) {
			expect(inner.startsWith(' ')).toBe(true);
		}
	});

	it('has exactly one command line, which reproduces the run', () => {
		for (const [seed, lr, epochs] of [
			[42, 0.01, 1000],
			[9, 0.003, 1],
			[100, 1e-7, 25],
		] as const) {
			const lines = summaryLines(trained(seed, lr, epochs));
			const commands = lines.filter(line => line.startsWith('tinygan '));
			expect(commands).toEqual([`tinygan --seed ${seed} --lr ${lr} --epochs ${epochs} --json`]);
		}
	});

	it('the command line parses to the run it came from', () => {
		const snapshot = trained(2718, 0.0125, 333);
		const command = summaryLines(snapshot).find(line => line.startsWith('tinygan '))!;
		const words = command.split(' ').slice(1);
		const flags: Record<string, unknown> = {};
		for (let i = 0; i < words.length; i++) {
			const name = words[i]!.replace(/^--/, '');
			const value = words[i + 1];
			if (value === undefined || value.startsWith('--')) {
				flags[name] = true;
			} else {
				flags[name] = value;
				i++;
			}
		}

		const options = parseOptions(flags, [], () => {
			throw new Error('the seed must be given');
		});
		expect(options.seed).toBe(2718);
		expect(options.lr).toBe(0.0125);
		expect(options.epochs).toBe(333);
		expect(options.json).toBe(true);
	});

	it("a scheduled run's command carries the schedule, live changes and all, and its headless run ends the same", async () => {
		const training = new Training({seed: 5, lr: 0.01, faces: slantedFaces}, parseSchedule('40:loss=minimax'));
		training.run(25);
		training.change('lr', 0.1 + 0.2);
		training.change('train', 'd');
		training.run(50);
		const snapshot = training.snapshot();
		const command = summaryLines(snapshot).find(line => line.startsWith('tinygan '))!;
		expect(command).toBe(
			'tinygan --seed 5 --lr 0.01 --schedule 25:lr=0.30000000000000004,25:train=d,40:loss=minimax --epochs 75 --json',
		);
		const words = command.split(' ');
		const options = parseOptions({schedule: words[words.indexOf('--schedule') + 1]}, [], () => 5);
		expect(options.schedule).toEqual(snapshot.schedule);

		let output = '';
		await runHeadless(
			{seed: 5, lr: 0.01, epochs: 75, every: 0, schedule: options.schedule},
			{write: chunk => ((output += chunk), true), once: () => undefined},
			'test',
		);
		const end = JSON.parse(output.trim().split('\n').at(-1)!) as {params: TrainerSnapshot['parameters']};
		expect(end.params).toEqual(snapshot.parameters);
	});

	it('its numbers equal the headless run of its command', async () => {
		const snapshot = trained(11, 0.02, 250);
		const lines = summaryLines(snapshot);
		let output = '';
		await runHeadless(
			{seed: 11, lr: 0.02, epochs: 250, every: 0},
			{write: chunk => ((output += chunk), true), once: () => undefined},
			'test',
		);
		const end = output
			.trim()
			.split('\n')
			.map(line => JSON.parse(line) as {type: string; params?: TrainerSnapshot['parameters']})
			.find(event => event.type === 'end')!;
		expect(end.params).toBeDefined();
		expect(bracketed(lines, 'Generator weights [')).toEqual(end.params!.generator.weights);
		expect(bracketed(lines, 'Generator biases [')).toEqual(end.params!.generator.biases);
		expect(bracketed(lines, 'Discriminator weights [')).toEqual(end.params!.discriminator.weights);
		expect(numbersAfter(lines, 'Discriminator bias ')).toEqual([end.params!.discriminator.bias]);
	});

	it('reports the epochs trained and the last losses', () => {
		const snapshot = trained(5, 0.01, 1);
		const first = summaryLines(snapshot)[0]!;
		expect(first).toMatch(/\b1 epoch\b/);
		expect(first).toContain(snapshot.last!.dLoss.toFixed(6));
		expect(first).toContain(snapshot.last!.gLoss.toFixed(6));
		expect(summaryLines(trained(5, 0.01, 12))[0]).toMatch(/\b12 epochs\b/);
		expect(summaryLines(trained(5, 0.01, 0))[0]).toMatch(/\b0 epochs\b/);
	});

	it('a diverged run says so, with its epoch, and keeps the last finite numbers', () => {
		const snapshot = trained(42, 1e6, 50);
		expect(snapshot.diverged).toBeDefined();
		const lines = summaryLines(snapshot);
		const notes = lines.filter(line => /diverged/i.test(line));
		expect(notes).toHaveLength(1);
		expect(notes[0]).toContain(String(snapshot.diverged!.epoch));
		expectParameters(lines, snapshot);
		for (const value of [...bracketed(lines, 'Generator weights ['), ...numbersAfter(lines, 'Discriminator bias ')]) {
			expect(Number.isFinite(value)).toBe(true);
		}

		// The command reproduces the divergence: it trains up to and including the epoch that diverged
		expect(lines.filter(line => line.startsWith('tinygan '))).toEqual([
			`tinygan --seed 42 --lr 1000000 --epochs ${snapshot.diverged!.epoch} --json`,
		]);
		const again = trained(42, 1e6, snapshot.diverged!.epoch);
		expect(again.diverged).toEqual(snapshot.diverged);
		expect(again.parameters).toEqual(snapshot.parameters);
		expect(lines.join('\n')).not.toMatch(/NaN|Infinity/);
	});
});

describe('the reproduce command carries the dataset', () => {
	const snapshot = trained(42, 0.01, 3);
	const command = (data?: Parameters<typeof summaryLines>[0]['data']) => summaryLines({...snapshot, data}).at(-1)!;

	it('the default preset adds nothing; another preset adds --preset NAME', () => {
		expect(command({preset: 'slanted'})).toBe('tinygan --seed 42 --lr 0.01 --epochs 3 --json');
		expect(command({preset: 'bars'})).toBe('tinygan --seed 42 --lr 0.01 --preset bars --epochs 3 --json');
	});

	it("a loaded run's images that no preset has: --data takes them from the checkpoint", () => {
		expect(command({checkpoint: 'run.json'})).toBe('tinygan --seed 42 --lr 0.01 --data run.json --epochs 3 --json');
	});

	it('a file adds --data FILE, quoted for the shell when it needs it', () => {
		expect(command({file: 'faces.json'})).toBe('tinygan --seed 42 --lr 0.01 --data faces.json --epochs 3 --json');
		expect(command({file: "my faces's.json"})).toBe(
			"tinygan --seed 42 --lr 0.01 --data 'my faces'\\''s.json' --epochs 3 --json",
		);
	});
});
