import {describe, expect, it} from 'vitest';
import {slantedFaces} from '../../source/engine/data.js';
import {defaultPreset, presetNamed, presets} from '../../source/engine/presets.js';

describe('presets', () => {
	it("slanted is the default and the tutorial's five faces, in order", () => {
		expect(defaultPreset).toBe('slanted');
		expect(presetNamed('slanted')?.faces).toEqual(slantedFaces);
	});

	it('at least four, names unique, lower-case words, none named list', () => {
		expect(presets.length).toBeGreaterThanOrEqual(4);
		const names = presets.map(preset => preset.name);
		expect(new Set(names).size).toBe(names.length);
		for (const name of names) {
			expect(name).toMatch(/^[a-z]+$/);
		}

		expect(names).not.toContain('list');
	});

	it.each(presets.map(preset => [preset.name, preset] as const))(
		'%s: 1 to 10000 images of 4 values in [0, 1], a one-line description',
		(_, preset) => {
			expect(preset.faces.length).toBeGreaterThanOrEqual(1);
			expect(preset.faces.length).toBeLessThanOrEqual(10_000);
			for (const face of preset.faces) {
				expect(face).toHaveLength(4);
				for (const value of face) {
					expect(Number.isFinite(value) && value >= 0 && value <= 1).toBe(true);
				}
			}

			expect(preset.description).toMatch(/^[^\n]{10,100}$/);
		},
	);

	it('backslanted mirrors each slanted face left to right', () => {
		expect(presetNamed('backslanted')?.faces).toEqual(slantedFaces.map(([a, b, c, d]) => [b, a, d, c]));
	});
});
