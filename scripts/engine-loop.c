/*
 * The engine's training loop in C, for the speed comparison of issue 9:
 * the same work per epoch as source/engine/trainer.ts (`train` and
 * `epochLosses`), in the same order, with the C library's exp and log.
 *
 *   gcc -O2 -o engine-loop scripts/engine-loop.c -lm
 *   engine-loop SEED EPOCHS
 *
 * prints one line: {"epochs":N,"params":{"generator":{"weights":[4],"biases":[4]},
 * "discriminator":{"weights":[4],"bias":x}}} (numbers as %.17g). For seed 42 and
 * 1000 epochs its params are the tutorial's within 1e-12 (the reference fixture's
 * `final`). It trains the slanted faces at lr 0.01, as `node dist/cli.js --json`.
 *
 * Per epoch, as the TS loop: 5 uniforms drawn into an array (MT19937 as numpy's
 * legacy RandomState), 5 samples of the tutorial's order with 8 sigmoids each
 * (σ(t) = eᵗ/(1 + eᵗ), t capped at 40, with the C library's exp: source/engine/sigmoid.ts
 * computes the same σ its own way), D(x) and D(x̂) of each sample kept for
 * the losses, the epoch's summed losses as logs of products, taken only for the
 * epoch reported (log by log, each epoch, when a product leaves the normal
 * range), and the divergence check (a non-finite loss or parameter stops the
 * run; that epoch does not count).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- numpy's legacy RandomState: MT19937, random_sample, legacy gauss ---- */

#define N 624
#define M 397

typedef struct {
	uint32_t key[N];
	int pos;
	int has_gauss;
	double gauss;
} rng_t;

/* init_genrand, as np.random.seed(n) for an integer n */
static void rng_seed(rng_t *rng, uint32_t seed) {
	rng->key[0] = seed;
	for (int i = 1; i < N; i++) {
		uint32_t s = rng->key[i - 1];
		rng->key[i] = 1812433253u * (s ^ (s >> 30)) + (uint32_t)i;
	}
	rng->pos = N;
	rng->has_gauss = 0;
	rng->gauss = 0;
}

static void rng_twist(rng_t *rng) {
	uint32_t *key = rng->key;
	int i = 0;
	uint32_t y;
	for (; i < N - M; i++) {
		y = (key[i] & 0x80000000u) | (key[i + 1] & 0x7fffffffu);
		key[i] = key[i + M] ^ (y >> 1) ^ (-(y & 1u) & 0x9908b0dfu);
	}
	for (; i < N - 1; i++) {
		y = (key[i] & 0x80000000u) | (key[i + 1] & 0x7fffffffu);
		key[i] = key[i + M - N] ^ (y >> 1) ^ (-(y & 1u) & 0x9908b0dfu);
	}
	y = (key[N - 1] & 0x80000000u) | (key[0] & 0x7fffffffu);
	key[N - 1] = key[M - 1] ^ (y >> 1) ^ (-(y & 1u) & 0x9908b0dfu);
	rng->pos = 0;
}

static inline uint32_t rng_next(rng_t *rng) {
	if (rng->pos >= N) {
		rng_twist(rng);
	}
	uint32_t y = rng->key[rng->pos++];
	y ^= y >> 11;
	y ^= (y << 7) & 0x9d2c5680u;
	y ^= (y << 15) & 0xefc60000u;
	y ^= y >> 18;
	return y;
}

/* random_sample: 53 random bits */
static inline double rng_uniform(rng_t *rng) {
	uint32_t a = rng_next(rng) >> 5;
	uint32_t b = rng_next(rng) >> 6;
	return (a * 67108864.0 + b) / 9007199254740992.0;
}

/* legacy_gauss: the polar method, second value cached */
static double rng_normal(rng_t *rng) {
	if (rng->has_gauss) {
		double cached = rng->gauss;
		rng->has_gauss = 0;
		rng->gauss = 0;
		return cached;
	}
	double u, v, r2;
	do {
		u = 2.0 * rng_uniform(rng) - 1.0;
		v = 2.0 * rng_uniform(rng) - 1.0;
		r2 = u * u + v * v;
	} while (r2 >= 1.0 || r2 == 0.0);
	double f = sqrt(-2.0 * log(r2) / r2);
	rng->gauss = f * u;
	rng->has_gauss = 1;
	return f * v;
}

/* ---- the model ---------------------------------------------------------- */

/* σ(t) = eᵗ/(1 + eᵗ), t capped at 40 (the σ of model.ts's `sigmoid`, there computed in sigmoid.ts's way) */
static inline double sigmoid(double t) {
	double e = exp(t > 40.0 ? 40.0 : t);
	return e / (1.0 + e);
}

#define FACES 5
static const double faces[FACES * 4] = {
	1, 0, 0, 1, 0.9, 0.1, 0.2, 0.8, 0.9, 0.2, 0.1, 0.8, 0.8, 0.1, 0.2, 0.9, 0.8, 0.2, 0.1, 0.9,
};

int main(int argc, char **argv) {
	if (argc != 3) {
		fprintf(stderr, "usage: engine-loop SEED EPOCHS\n");
		return 2;
	}
	char *end;
	unsigned long long seed = strtoull(argv[1], &end, 10);
	if (*end || seed > 0xffffffffull) {
		fprintf(stderr, "seed must be an integer in 0 … 4294967295\n");
		return 2;
	}
	long long epochs = strtoll(argv[2], &end, 10);
	if (*end || epochs < 0) {
		fprintf(stderr, "epochs must be a whole number\n");
		return 2;
	}

	const double lr = 0.01;
	const int n = FACES;
	rng_t rng;
	rng_seed(&rng, (uint32_t)seed);

	/* The 13 initial normals: v1..v4, b, w1..w4, c1..c4 */
	double p[13];
	for (int i = 0; i < 13; i++) {
		p[i] = rng_normal(&rng);
	}

	double zs[FACES], dReals[FACES], dFakes[FACES];
	double v0 = p[0], v1 = p[1], v2 = p[2], v3 = p[3], b = p[4];
	double w0 = p[5], w1 = p[6], w2 = p[7], w3 = p[8];
	double c0 = p[9], c1 = p[10], c2 = p[11], c3 = p[12];
	double dProduct = 1, gProduct = 1, dLoss = 0, gLoss = 0, dReal = 0, dFake = 0;
	long long done = 0;

	for (; done < epochs; done++) {
		double dRealSum = 0, dFakeSum = 0;
		for (int i = 0; i < n; i++) {
			zs[i] = rng_uniform(&rng); /* one z per sample, drawn in order */
		}

		for (int sample = 0; sample < n; sample++) {
			const double *x = faces + 4 * sample;
			const double x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3];

			/* 1. D step on the real face */
			const double oneMinusP = 1 - sigmoid(x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3 + b);
			v0 += lr * (x0 * oneMinusP);
			v1 += lr * (x1 * oneMinusP);
			v2 += lr * (x2 * oneMinusP);
			v3 += lr * (x3 * oneMinusP);
			b += lr * oneMinusP;

			/* 2. z, and x̂ = G(z) */
			const double z = zs[sample];
			const double h0 = sigmoid(z * w0 + c0);
			const double h1 = sigmoid(z * w1 + c1);
			const double h2 = sigmoid(z * w2 + c2);
			const double h3 = sigmoid(z * w3 + c3);

			/* 3. D(x) and D(x̂) for the sample's losses */
			const double pReal = sigmoid(x0 * v0 + x1 * v1 + x2 * v2 + x3 * v3 + b);
			const double q = sigmoid(h0 * v0 + h1 * v1 + h2 * v2 + h3 * v3 + b);
			dReals[sample] = pReal;
			dFakes[sample] = q;
			dRealSum += pReal;
			dFakeSum += q;

			/* 4. D step on x̂ */
			v0 -= lr * (h0 * q);
			v1 -= lr * (h1 * q);
			v2 -= lr * (h2 * q);
			v3 -= lr * (h3 * q);
			b -= lr * q;

			/* 5. G step against the updated D */
			const double oneMinusY = 1 - sigmoid(h0 * v0 + h1 * v1 + h2 * v2 + h3 * v3 + b);
			const double f0 = oneMinusY * v0 * h0 * (1 - h0);
			const double f1 = oneMinusY * v1 * h1 * (1 - h1);
			const double f2 = oneMinusY * v2 * h2 * (1 - h2);
			const double f3 = oneMinusY * v3 * h3 * (1 - h3);
			w0 += lr * (f0 * z);
			w1 += lr * (f1 * z);
			w2 += lr * (f2 * z);
			w3 += lr * (f3 * z);
			c0 += lr * f0;
			c1 += lr * f1;
			c2 += lr * f2;
			c3 += lr * f3;
		}

		/* The epoch's summed losses, as trainer.ts's train: the logs of the products, taken only
		   when reported (here for the last epoch), or log by log when a product leaves the normal
		   range (epochLosses) */
		double dProductNow = 1, gProductNow = 1;
		for (int i = 0; i < n; i++) {
			dProductNow *= dReals[i] * (1 - dFakes[i]);
			gProductNow *= dFakes[i];
		}
		const int inRange = dProductNow > 1e-300 && gProductNow > 1e-300;
		double dLossSum = 0, gLossSum = 0;
		if (!inRange) {
			for (int i = 0; i < n; i++) {
				dLossSum += -log(dReals[i]) - log(1 - dFakes[i]);
				gLossSum += -log(dFakes[i]);
			}
		}

		const double sum = v0 + v1 + v2 + v3 + b + w0 + w1 + w2 + w3 + c0 + c1 + c2 + c3;
		if (!isfinite(sum) || !(inRange || isfinite(dLossSum + gLossSum))) {
			break; /* p keeps the last finite epoch's parameters */
		}
		p[0] = v0, p[1] = v1, p[2] = v2, p[3] = v3, p[4] = b;
		p[5] = w0, p[6] = w1, p[7] = w2, p[8] = w3;
		p[9] = c0, p[10] = c1, p[11] = c2, p[12] = c3;
		dProduct = inRange ? dProductNow : 1;
		gProduct = inRange ? gProductNow : 1;
		dLoss = dLossSum;
		gLoss = gLossSum;
		dReal = dRealSum;
		dFake = dFakeSum;
	}

	/* The last epoch's means are computed, as the trainer's `last`; printed to stderr
	   only when asked, so the work is not optimised away and stdout stays one line */
	const double means[4] = {(dLoss - log(dProduct)) / n, (gLoss - log(gProduct)) / n, dReal / n, dFake / n};
	if (getenv("ENGINE_LOOP_STATS")) {
		fprintf(stderr, "{\"dLoss\":%.17g,\"gLoss\":%.17g,\"dReal\":%.17g,\"dFake\":%.17g}\n", means[0], means[1],
		        means[2], means[3]);
	}

	printf("{\"epochs\":%lld,\"params\":{\"generator\":{\"weights\":[%.17g,%.17g,%.17g,%.17g],"
	       "\"biases\":[%.17g,%.17g,%.17g,%.17g]},"
	       "\"discriminator\":{\"weights\":[%.17g,%.17g,%.17g,%.17g],\"bias\":%.17g}}}\n",
	       done, p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[0], p[1], p[2], p[3], p[4]);
	return 0;
}
