/* cmd_code.c — `tocsin code`: not written yet (its owner replaces this file). */
#include <stdio.h>
#include "cli/cli.h"
int cmd_code(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "tocsin: 'code' is not available in this build yet\n");
    return 2;
}
