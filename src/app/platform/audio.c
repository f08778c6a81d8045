/* Sound through SDL audio: the device is opened the first time something
 * plays (a failure is remembered: the app then stays silent), and each sound
 * replaces what is still queued, so feedback never lags behind the answers. */
#include "audio.h"

#include <SDL.h>
#include <stdlib.h>

struct cp_audio {
    SDL_AudioDeviceID device;
    bool tried;
};

cp_audio *cp_audio_open(void)
{
    return calloc(1, sizeof(cp_audio));
}

void cp_audio_close(cp_audio *audio)
{
    if (!audio)
        return;
    if (audio->device)
        SDL_CloseAudioDevice(audio->device);
    free(audio);
}

static void play(void *ctx, const float *samples, size_t n)
{
    cp_audio *audio = ctx;
    if (!audio->tried) {
        audio->tried = true;
        if (SDL_WasInit(SDL_INIT_AUDIO) || SDL_InitSubSystem(SDL_INIT_AUDIO) == 0) {
            SDL_AudioSpec want = {.freq = CP_SOUND_RATE, .format = AUDIO_F32SYS, .channels = 1,
                                  .samples = 1024};
            audio->device = SDL_OpenAudioDevice(NULL, 0, &want, NULL, 0);
            if (audio->device)
                SDL_PauseAudioDevice(audio->device, 0);
        }
    }
    if (!audio->device)
        return;
    SDL_ClearQueuedAudio(audio->device);
    SDL_QueueAudio(audio->device, samples, (uint32_t)(n * sizeof *samples));
}

cp_sound cp_audio_sound(cp_audio *audio)
{
    return (cp_sound){.play = audio ? play : NULL, .ctx = audio};
}
