/*
 * Native reference for `gg bench pow`: the same sha256 proof-of-work attempts,
 * hashed with OpenSSL, on one thread.
 *
 *   work = SHA-256( SHA-256(payload) || nonce as 8 bytes big-endian )
 *
 * Each attempt writes the nonce into a reused 40-byte block, hashes it with
 * SHA256_Init/SHA256_Update/SHA256_Final (one compression), and compares the
 * work with the target (0, unreachable) as a 256-bit big-endian number, exactly
 * as the Java solver does. The clock is read every 4096 attempts, as in Java.
 *
 * Usage: sha256_loop [--seconds S] [--warmup W]    (defaults: 5 and 1)
 * Progress goes to stderr once a second; the last stdout line is
 *   attempts_per_second=<integer>
 * counted over the S measured seconds only.
 *
 * Build: gcc -O2 -Wno-deprecated-declarations -o sha256_loop.bin sha256_loop.c -lcrypto
 */
#include <openssl/sha.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CHECK_INTERVAL 4096

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + ts.tv_nsec / 1e9;
}

static int parse_int(const char *s, int min, const char *name) {
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < min || v > 1000000) {
        fprintf(stderr, "sha256_loop: %s must be an integer >= %d, got '%s'\n", name, min, s);
        exit(2);
    }
    return (int) v;
}

/* 1 when work <= target, both 32 bytes big-endian unsigned. */
static int meets(const unsigned char *work, const unsigned char *target) {
    return memcmp(work, target, 32) <= 0;
}

int main(int argc, char **argv) {
    int seconds = 5, warmup = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            seconds = parse_int(argv[++i], 1, "--seconds");
        } else if (strcmp(argv[i], "--warmup") == 0 && i + 1 < argc) {
            warmup = parse_int(argv[++i], 0, "--warmup");
        } else {
            fprintf(stderr, "usage: sha256_loop [--seconds S] [--warmup W]\n");
            return 2;
        }
    }
    printf("sha256_loop: OpenSSL SHA256_Init/Update/Final, 1 thread, warm-up %d s (not counted), "
           "then %d s measured\n", warmup, seconds);
    fflush(stdout);

    static const char payload[] = "gg bench pow";
    unsigned char block[40];
    unsigned char work[32];
    unsigned char target[32] = {0};
    SHA256((const unsigned char *) payload, strlen(payload), block);

    uint64_t nonce = 0, attempts = 0, found = 0;
    uint64_t prev_attempts = 0, from_attempts = 0;
    double start = now_seconds(), prev_time = start, from_time = start;
    int total = warmup + seconds;
    int second = 1;
    SHA256_CTX ctx;
    while (second <= total) {
        for (int i = 0; i < CHECK_INTERVAL; i++) {
            uint64_t n = nonce++;
            for (int b = 7; b >= 0; b--) {
                block[32 + b] = (unsigned char) n;
                n >>= 8;
            }
            SHA256_Init(&ctx);
            SHA256_Update(&ctx, block, sizeof block);
            SHA256_Final(work, &ctx);
            found += meets(work, target);
        }
        attempts += CHECK_INTERVAL;
        double t = now_seconds();
        if (t >= start + second) {
            int warming = second <= warmup;
            fprintf(stderr, "sha256_loop: %s %d/%d s: %.0f attempts/s\n",
                    warming ? "warm-up" : "measure", warming ? second : second - warmup,
                    warming ? warmup : seconds, (attempts - prev_attempts) / (t - prev_time));
            prev_attempts = attempts;
            prev_time = t;
            if (second == warmup) {
                from_attempts = attempts;
                from_time = t;
            }
            second++;
        }
    }
    if (found != 0) {
        /* Probability 2^-256 per attempt; reported so the comparison cannot be optimised away. */
        fprintf(stderr, "sha256_loop: %llu work(s) met target 0\n", (unsigned long long) found);
    }
    printf("total attempts %llu in %d s (including warm-up)\n", (unsigned long long) attempts, total);
    printf("attempts_per_second=%.0f\n", (prev_attempts - from_attempts) / (prev_time - from_time));
    return 0;
}
