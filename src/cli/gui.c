/* `cloudprep [gui]`: starts the SDL app (src/app), in a window or as a
 * headless screenshot. */
#include "cli/cli.h"
#include "cli/options.h"
#include "app.h"

#include <stdio.h>
#include <string.h>

int cp_cli_gui(const cp_cli_common *common, int argc, char **argv)
{
    cp_app_run run = {0};
    int size[2] = {1280, 800};
    int screen = -1;
    const cp_option options[] = {
        {"--screenshot", CP_OPT_PATH, &run.screenshot, 0, 0, NULL},
        {"--screen", CP_OPT_CHOICE, &screen, 0, 0, cp_app_screen_names},
        {"--script", CP_OPT_PATH, &run.script, 0, 0, NULL},
        {"--size", CP_OPT_SIZE, size, 320, 8192, NULL},
    };
    cp_cli_args args = {.command = NULL, .options = options,
                        .n_options = sizeof options / sizeof options[0]};
    /* argv[0] is the program or "gui": options start after it. */
    int rc = cp_cli_parse(&args, argc, argv, 1 + (argc > 1 && strcmp(argv[1], "gui") == 0));
    if (rc)
        return rc;
    if (args.help) {
        printf("usage: cloudprep [--data-dir DIR] [--decks DIR] [--font PATH]\n"
               "                 [--screenshot FILE.png --screen NAME] [--size WxH] [--script FILE]\n"
               "screens:");
        for (int i = 0; cp_app_screen_names[i]; i++)
            printf("%s %s", i ? "," : "", cp_app_screen_names[i]);
        printf("\n");
        return CP_EXIT_OK;
    }
    if (screen >= 0)
        run.screen = cp_app_screen_names[screen];
    run.width = size[0];
    run.height = size[1];
    /* The bank and the icon found here (decks.c); the learner's decks are
     * DATA_DIR/decks, named here because a screenshot runs on a copy of the
     * data directory. */
    cp_source bank, mine;
    rc = cp_cli_bank(common, NULL, &bank);
    if (rc)
        return rc;
    bool have_mine = cp_cli_learner_decks(common, &mine);
    char exe[CP_SOURCE_PATH_MAX], icon[CP_SOURCE_PATH_MAX];
    cp_install in;
    cp_cli_install(&in, exe, sizeof exe);
    bool have_icon = cp_sources_asset(&in, "icons/hicolor/64x64/apps/cloudprep.png", icon, sizeof icon);
    return cp_app_main(&(cp_app_options){
        .data_dir = common->data_dir,
        .deck_dir = bank.path,
        .deck_kind = (int)bank.kind,
        .learner_decks = have_mine ? mine.path : NULL,
        .icon_path = have_icon ? icon : NULL,
        .font_path = common->font_path,
    }, &run);
}
