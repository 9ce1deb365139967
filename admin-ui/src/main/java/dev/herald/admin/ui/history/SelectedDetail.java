package dev.herald.admin.ui.history;

import dev.herald.admin.ui.client.HeraldClient;
import dev.herald.admin.ui.client.HeraldException;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** Who received and saw the selected notification: loaded on selection and again when its counts change. */
final class SelectedDetail {
    private final Executor ui;
    private final Consumer<String> failed;
    private final ReadOnlyObjectWrapper<ReceiptDetail> detail = new ReadOnlyObjectWrapper<>();
    // The notification whose detail is wanted (-1: none); a load that finishes for another is dropped.
    private long wanted = -1;

    /** @param failed shows why a load failed (the message line) */
    SelectedDetail(Executor ui, Consumer<String> failed) {
        this.ui = ui;
        this.failed = failed;
    }

    long wanted() {
        return wanted;
    }

    void clear() {
        wanted = -1;
        detail.set(null);
    }

    void load(HeraldClient c, long id) {
        wanted = id;
        c.notification(id).whenComplete((n, error) -> ui.execute(() -> {
            if (id != wanted) {
                return; // the selection moved on or was cleared while this was loading
            }
            if (error != null) {
                failed.accept("Details of #" + id + ": " + HeraldException.of(error).describe());
                return;
            }
            detail.set(ReceiptDetail.of(n));
        }));
    }

    /** Whether the detail shown is of {@code id} (its counts just changed: load it again). */
    boolean shows(long id) {
        ReceiptDetail d = detail.get();
        return d != null && d.id() == id;
    }

    ReadOnlyObjectProperty<ReceiptDetail> property() {
        return detail.getReadOnlyProperty();
    }
}
