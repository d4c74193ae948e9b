/* The start-up floor: a C program that prints one line, as `sealvault --version` does. */
#include <stdio.h>

int main(void) {
  puts("hello");
  return 0;
}
