/* main.c — placeholder until the CLI lands; prints the version. */
#include <stdio.h>
#include "tocsin.h"
int main(void) { puts("tocsin " TOCSIN_VERSION); return 0; }
