/* `cloudprep [gui]`: starts the SDL app (src/app). */
#include "cli/cli.h"
#include "app.h"

int cp_cli_gui(const cp_cli_common *common, int argc, char **argv)
{
    return cp_app_main(&(cp_app_options){
        .data_dir = common->data_dir,
        .deck_dir = common->deck_dir ? common->deck_dir : cp_cli_default_decks(),
        .font_path = common->font_path,
    }, argc, argv);
}
