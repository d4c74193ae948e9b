/* The floor of issue 12's ratios: the CONTRACT §4 open and seal, and nothing else, against
 * libsodium, as a whole process.
 *
 *   floor open KEY_FILE VAULT_DIR THREADS   opens every token of global.yaml and
 *       workflows/<id>.yaml (reading each file, base64, one crypto_kx_server_session_keys per
 *       distinct epk per thread, one decrypt per token) and prints how many opened.
 *   floor seal PUBLIC_KEY SCOPE [each] < NAME=VALUE lines   prints the scope file that one
 *       `import` of those lines writes (one ephemeral pair, one session key, a nonce each);
 *       with `each`, a pair per value, as a `set` of each one would (the one-by-one shape).
 *
 * It trusts its input (no YAML, no checks a vault reader makes): a floor, not a reader. */
#include <dirent.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct item { const char *scope, *name, *b64; size_t name_len, b64_len; };
static struct item *items;
static size_t count, capacity;
static unsigned char pk[32], sk[32];
static size_t opened[64];
static int threads;

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(1); }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  rewind(f);
  char *text = malloc(size + 1);
  if (fread(text, 1, size, f) != (size_t)size) { perror(path); exit(1); }
  text[size] = 0;
  fclose(f);
  return text;
}

/* Every `  NAME: sv1:<kid>:<base64>` line of a file. */
static void scan(const char *scope, char *text) {
  for (char *line = text; *line; ) {
    char *end = strchr(line, '\n');
    if (!end) end = line + strlen(line);
    char *colon = memchr(line, ':', end - line);
    if (line[0] == ' ' && colon && colon + 6 < end && !memcmp(colon, ": sv1:", 6)) {
      if (count == capacity) items = realloc(items, (capacity = capacity ? capacity * 2 : 1024) * sizeof *items);
      char *b64 = colon + 6 + 17;
      items[count++] = (struct item){scope, line + 2, b64, colon - line - 2, end - b64};
    }
    line = *end ? end + 1 : end;
  }
}

static void *open_part(void *arg) {
  size_t part = (size_t)arg, done = 0;
  unsigned char payload[32 + 24 + 65536 + 16], plain[65536], rx[32], tx[32], last[32] = {0};
  unsigned long long plain_len;
  char ad[512];
  for (size_t i = part; i < count; i += threads) {
    struct item *it = &items[i];
    size_t len;
    if (sodium_base642bin(payload, sizeof payload, it->b64, it->b64_len, NULL, &len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0 || len <= 72) continue;
    if (done == 0 || memcmp(last, payload, 32)) {
      if (crypto_kx_server_session_keys(rx, tx, pk, sk, payload) != 0) continue;
      memcpy(last, payload, 32);
    }
    int ad_len = snprintf(ad, sizeof ad, "sealvault:v1:%s:%.*s", it->scope, (int)it->name_len, it->name);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain, &plain_len, NULL, payload + 56, len - 56,
                                                   (unsigned char *)ad, ad_len, payload + 32, rx) == 0) done++;
    sodium_memzero(plain, plain_len);
  }
  opened[part] = done;
  return NULL;
}

static int open_vault(const char *key_file, const char *dir) {
  char *key = strstr(slurp(key_file), "sv1sk:"), path[4096];
  size_t len;
  if (!key || sodium_base642bin(sk, 32, key + 6, strcspn(key + 6, "\n"), NULL, &len, NULL,
                        sodium_base64_VARIANT_ORIGINAL) != 0 || len != 32) { fputs("bad key\n", stderr); return 1; }
  crypto_scalarmult_base(pk, sk);
  snprintf(path, sizeof path, "%s/global.yaml", dir);
  scan("global", slurp(path));
  snprintf(path, sizeof path, "%s/workflows", dir);
  DIR *d = opendir(path);
  for (struct dirent *e; d && (e = readdir(d)); ) {
    size_t n = strlen(e->d_name);
    if (n < 6 || strcmp(e->d_name + n - 5, ".yaml")) continue;
    char *scope = malloc(n + 5);
    snprintf(scope, n + 5, "workflow/%.*s", (int)(n - 5), e->d_name);
    snprintf(path, sizeof path, "%s/workflows/%s", dir, e->d_name);
    scan(scope, slurp(path));
  }
  pthread_t ids[64];
  for (long t = 0; t < threads; t++) pthread_create(&ids[t], NULL, open_part, (void *)t);
  size_t total = 0;
  for (long t = 0; t < threads; t++) { pthread_join(ids[t], NULL); total += opened[t]; }
  printf("opened %zu of %zu\n", total, count);
  return total == count ? 0 : 1;
}

static int seal(const char *public_text, const char *scope, int each) {
  unsigned char epk[32], esk[32], rx[32], tx[32], hash[32], payload[32 + 24 + 65536 + 16];
  size_t len;
  if (sodium_base642bin(pk, 32, public_text + 6, strlen(public_text + 6), NULL, &len, NULL,
                        sodium_base64_VARIANT_ORIGINAL) != 0 || len != 32) { fputs("bad key\n", stderr); return 1; }
  crypto_generichash(hash, 32, pk, 32, NULL, 0);
  printf("sealvault: 1\nscope: %s\nsecrets:\n", scope);
  static char line[70000], ad[512], b64[sizeof payload * 4 / 3 + 4];
  for (int first = 1; fgets(line, sizeof line, stdin); first = 0) {
    char *eq = strchr(line, '='), *value = eq + 1;
    if (!eq) continue;
    if (first || each) {
      crypto_kx_keypair(epk, esk);
      if (crypto_kx_client_session_keys(rx, tx, epk, esk, pk) != 0) return 1;
      sodium_memzero(esk, sizeof esk);
    }
    size_t value_len = strcspn(value, "\n");
    int ad_len = snprintf(ad, sizeof ad, "sealvault:v1:%s:%.*s", scope, (int)(eq - line), line);
    memcpy(payload, epk, 32);
    randombytes_buf(payload + 32, 24);
    unsigned long long c_len;
    crypto_aead_xchacha20poly1305_ietf_encrypt(payload + 56, &c_len, (unsigned char *)value, value_len,
                                               (unsigned char *)ad, ad_len, NULL, payload + 32, tx);
    sodium_bin2base64(b64, sizeof b64, payload, 56 + c_len, sodium_base64_VARIANT_ORIGINAL);
    printf("  %.*s: sv1:", (int)(eq - line), line);
    for (int i = 0; i < 8; i++) printf("%02x", hash[i]);
    printf(":%s\n", b64);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (sodium_init() < 0) return 1;
  if (argc == 5 && !strcmp(argv[1], "open")) {
    threads = atoi(argv[4]);
    if (threads < 1 || threads > 64) return 2;
    return open_vault(argv[2], argv[3]);
  }
  if ((argc == 4 || (argc == 5 && !strcmp(argv[4], "each"))) && !strcmp(argv[1], "seal"))
    return seal(argv[2], argv[3], argc == 5);
  fputs("usage: floor open KEY_FILE VAULT_DIR THREADS | floor seal PUBLIC_KEY SCOPE [each] < NAME=VALUE lines\n", stderr);
  return 2;
}
