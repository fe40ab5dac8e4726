/* cmd_eval.c — `tocsin eval`: not written yet (its owner replaces this file). */
#include <stdio.h>
#include "cli/cli.h"
int cmd_eval(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "tocsin: 'eval' is not available in this build yet\n");
    return 2;
}
