package dev.herald.admin.ui.history;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * History's message line: what a retract, resend or export did, or that a load failed. A failed load
 * goes with the next load that works (it stayed after the list was fresh again: a hiccup of a proxy or
 * a busy server); an outcome stays until the next one.
 */
final class MessageLine {
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private boolean isLoadError;

    /** An outcome of the operator's (empty: none); no load takes it away, though it came after a failed one. */
    void say(String outcome) {
        text.set(outcome);
        isLoadError = false;
    }

    /** A load failed: shown until a load works. */
    void loadFailed(String why) {
        text.set(why);
        isLoadError = true;
    }

    /** A load worked: a failed load's text is untrue now, so it goes. */
    void loadWorked() {
        if (isLoadError) {
            say("");
        }
    }

    ReadOnlyStringProperty property() {
        return text.getReadOnlyProperty();
    }
}
