/**
 * Where JSON text goes wrong, for messages that tell a file cut short from
 * a damaged one. JSON.parse says so only in its error's wording, which V8
 * changes from version to version.
 */

/** The text ends while a value is still open. */
const ends = new Error('the JSON text ends early');

class Bad extends Error {
	constructor(readonly at: number) {
		super(`invalid JSON at offset ${at}`);
	}
}

/**
 * 'truncated' if the text is the start of some JSON text; else the offset
 * of the first character no JSON text could have there; 'valid' for JSON.
 * Without recursion: text may nest arbitrarily deep.
 */
export function jsonSyntaxProblem(text: string): 'valid' | 'truncated' | number {
	let at = 0;
	const peek = (): string => {
		if (at >= text.length) {
			throw ends;
		}

		return text[at]!;
	};

	const isDigit = (char: string | undefined): boolean => char !== undefined && char >= '0' && char <= '9';
	const space = (): void => {
		while (at < text.length && ' \t\n\r'.includes(text[at]!)) {
			at++;
		}
	};

	const digits = (): void => {
		if (!isDigit(peek())) {
			throw new Bad(at);
		}

		while (isDigit(text[at])) {
			at++;
		}
	};

	// -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
	const number = (): void => {
		if (peek() === '-') {
			at++;
		}

		if (peek() === '0') {
			at++;
		} else {
			digits();
		}

		if (text[at] === '.') {
			at++;
			digits();
		}

		if (text[at] === 'e' || text[at] === 'E') {
			at++;
			if (peek() === '+' || peek() === '-') {
				at++;
			}

			digits();
		}
	};

	const string = (): void => {
		for (at++; ;) {
			const char = peek();
			if (char === '"') {
				at++;
				return;
			}

			if (char < ' ') {
				throw new Bad(at);
			}

			at++;
			if (char === '\\') {
				const escape = peek();
				const hex = escape === 'u' ? 4 : 0;
				if (hex === 0 && !'"\\/bfnrt'.includes(escape)) {
					throw new Bad(at);
				}

				at++;
				for (let i = 0; i < hex; i++) {
					if (!/[\da-fA-F]/.test(peek())) {
						throw new Bad(at);
					}

					at++;
				}
			}
		}
	};

	const word = (literal: string): void => {
		for (const char of literal) {
			if (peek() !== char) {
				throw new Bad(at);
			}

			at++;
		}
	};

	// A key and its colon
	const key = (): void => {
		space();
		if (peek() !== '"') {
			throw new Bad(at);
		}

		string();
		space();
		if (peek() !== ':') {
			throw new Bad(at);
		}

		at++;
	};

	/** The closers of the arrays and objects open around the current point. */
	const closers: string[] = [];
	try {
		value: for (;;) {
			space();
			const char = peek();
			if (char === '{' || char === '[') {
				const closer = char === '{' ? '}' : ']';
				at++;
				space();
				if (peek() === closer) {
					at++;
				} else {
					closers.push(closer);
					if (closer === '}') {
						key();
					}

					continue;
				}
			} else if (char === '"') {
				string();
			} else if (char === '-' || isDigit(char)) {
				number();
			} else if (char === 't' || char === 'f' || char === 'n') {
				word(char === 't' ? 'true' : char === 'f' ? 'false' : 'null');
			} else {
				throw new Bad(at);
			}

			// After a value: commas and closers, until the next value or the end
			for (;;) {
				space();
				const closer = closers.at(-1);
				if (closer === undefined) {
					if (at < text.length) {
						throw new Bad(at);
					}

					return 'valid';
				}

				const next = peek();
				if (next === ',') {
					at++;
					if (closer === '}') {
						key();
					}

					continue value;
				}

				if (next !== closer) {
					throw new Bad(at);
				}

				at++;
				closers.pop();
			}
		}
	} catch (error) {
		if (error === ends) {
			return 'truncated';
		}

		if (error instanceof Bad) {
			return error.at;
		}

		throw error;
	}
}
