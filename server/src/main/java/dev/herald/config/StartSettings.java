package dev.herald.config;

import io.helidon.config.Config;

/**
 * Every setting of one start, read together so that a start with several bad values names them all
 * (docs/helidon-notes.md, "More than one bad setting at a start"): each class used to stop at its own
 * first problem, and the first class to throw hid the others.
 *
 * @param herald  Herald's own settings (and the checks of Helidon's {@code server.*})
 * @param auth    the security knobs, without a made key yet ({@link AuthSettings#keyed}: after the data lock)
 * @param observe where health and metrics answer
 */
public record StartSettings(HeraldSettings herald, AuthSettings auth, ObserveSettings observe) {

    /** The settings, or an {@link IllegalArgumentException} naming every bad one (one a line if several). */
    public static StartSettings read(Config root) {
        SettingProblems problems = new SettingProblems();
        HeraldSettings herald = HeraldSettings.from(root, problems);
        AuthSettings auth = AuthSettings.from(root, problems);
        ObserveSettings observe = ObserveSettings.from(root, problems);
        problems.throwIfAny();
        return new StartSettings(herald, auth, observe);
    }
}
