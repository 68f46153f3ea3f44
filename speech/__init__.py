"""Speech in and out: audio devices, voice activity, speech-to-text, text-to-speech."""
