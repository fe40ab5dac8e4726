/* cmd_stories.c — `tocsin stories`: not written yet (its owner replaces this file). */
#include <stdio.h>
#include "cli/cli.h"
int cmd_stories(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "tocsin: 'stories' is not available in this build yet\n");
    return 2;
}
