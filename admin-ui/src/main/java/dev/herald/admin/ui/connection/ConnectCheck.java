package dev.herald.admin.ui.connection;

import dev.herald.admin.ui.client.HeraldClient;
import dev.herald.admin.ui.client.HeraldException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.net.URI;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The connect dialog's form: URL and token are tried with GET /admin/stats before they are
 * accepted (and saved), so a wrong token is reported in the dialog, not later in the status bar.
 * A server that does not answer may be down for now: pressing Connect again accepts it anyway.
 */
public final class ConnectCheck {
    /** What the operator entered, once accepted. */
    public record Connection(String url, String token) {
    }

    private final Executor ui;
    private final StringProperty url = new SimpleStringProperty("");
    private final StringProperty token = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private Connection unreachable;

    public ConnectCheck(Executor ui, String url, String token) {
        this.ui = ui;
        this.url.set(url);
        this.token.set(token);
        this.url.addListener(x -> error.set(""));
        this.token.addListener(x -> error.set(""));
    }

    /** Tries the entered values; {@code accepted} runs on the UI thread when they work. */
    public void check(Consumer<Connection> accepted) {
        Connection entered = new Connection(url.get().trim(), token.get().trim());
        URI uri;
        try {
            uri = HeraldClient.parseUrl(entered.url());
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        if (entered.equals(unreachable)) {
            accepted.accept(entered); // asked twice: the operator knows it is down for now
            return;
        }
        checking.set(true);
        error.set("");
        HeraldClient client = new HeraldClient(uri, entered.token());
        client.stats().whenComplete((stats, failure) -> ui.execute(() -> {
            client.close();
            checking.set(false);
            if (failure == null) {
                accepted.accept(entered);
                return;
            }
            HeraldException e = HeraldException.of(failure);
            if (e.kind() == HeraldException.Kind.AUTH) {
                error.set("The server refused this token: " + e.detail() + " (HTTP " + e.status() + ")");
            } else if (e.kind() == HeraldException.Kind.UNREACHABLE) {
                unreachable = entered;
                error.set(e.describe() + ". Press Connect again to use it anyway.");
            } else if (e.status() == 404 || "bad_response".equals(e.error())) {
                // The admin URL pasted for the server's, or another web server: its own words did not say that.
                error.set("No Herald admin API at " + entered.url()
                        + (e.status() == 404 ? " (HTTP 404 for /admin/stats)" : " (not JSON for /admin/stats)")
                        + ". Enter the Herald server's own address, e.g. http://localhost:8080");
            } else {
                error.set(e.describe());
            }
        }));
    }

    public StringProperty urlProperty() {
        return url;
    }

    public StringProperty tokenProperty() {
        return token;
    }

    public ReadOnlyBooleanProperty checkingProperty() {
        return checking.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
