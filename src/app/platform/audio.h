/* Sound output: one SDL audio device, opened at the first sound (so a
 * session without sound never opens one), playing mono float samples. */
#ifndef CLOUDPREP_AUDIO_H
#define CLOUDPREP_AUDIO_H

#include "shell.h"

typedef struct cp_audio cp_audio;

/* NULL when out of memory (then the app is silent). Close with cp_audio_close. */
cp_audio *cp_audio_open(void);
void cp_audio_close(cp_audio *audio);
/* The shell's sound output (shell.h) over this device. */
cp_sound cp_audio_sound(cp_audio *audio);

#endif
