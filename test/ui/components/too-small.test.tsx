import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {minSize} from '../../../source/ui/app.js';
import {asciiGlyphs} from '../../../source/ui/glyphs.js';
import {TooSmall} from './panels.js';
import {themeFor} from '../../../source/ui/theme.js';

const theme = themeFor(false);

afterEach(() => {
	cleanup();
});

describe('TooSmall', () => {
	it('says the size it has and the size it needs', () => {
		const {lastFrame} = render(<TooSmall width={60} height={15} minWidth={70} minHeight={20} theme={theme} />);
		expect(lastFrame()).toContain('terminal too small: have 60×15, need 70×20');
	});

	it("uses the App's minimum and any size given", () => {
		const {lastFrame} = render(
			<TooSmall width={69} height={40} minWidth={minSize.columns} minHeight={minSize.rows} theme={theme} />,
		);
		expect(lastFrame()).toContain(`terminal too small: have 69×40, need ${minSize.columns}×${minSize.rows}`);
	});

	it('says that q still quits', () => {
		const {lastFrame} = render(<TooSmall width={60} height={15} minWidth={70} minHeight={20} theme={theme} />);
		expect(lastFrame()).toContain('q quits');
	});

	it('writes the sizes with an x in ASCII', () => {
		const {lastFrame} = render(
			<TooSmall width={60} height={15} minWidth={70} minHeight={20} theme={themeFor(false, asciiGlyphs)} />,
		);
		expect(lastFrame()).toContain('terminal too small: have 60x15, need 70x20');
	});
});
