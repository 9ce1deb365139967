package dev.herald.admin.ui.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connects and disconnects from the feed reach the list together, once the UI thread has run the
 * events queued before them (a reconnect storm is thousands in a row), and in their order: the list
 * ends as if each had been applied on its own. The UI thread here is a queue run by hand.
 */
class ClientsBatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Queue<Runnable> uiQueue = new ArrayDeque<>();
    private final ClientsViewModel vm = new ClientsViewModel(uiQueue::add);

    private static JsonNode client(String id, String agent) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        n.putArray("topics").add("all");
        n.put("userAgent", agent);
        n.put("connectedAt", "2026-11-26T13:00:00Z");
        return n;
    }

    private static JsonNode gone(String id) {
        return JSON.createObjectNode().put("id", id);
    }

    private void runUi() {
        for (Runnable r; (r = uiQueue.poll()) != null; ) {
            r.run();
        }
    }

    private String rows() {
        return String.join(" ", vm.clients().stream().map(r -> r.id() + "/" + r.userAgent()).toList());
    }

    @Test
    void aBurstOfEventsLandsTogetherAsIfEachHadBeenApplied() {
        vm.clientConnected(client("a", "1"));
        vm.clientConnected(client("b", "1"));
        vm.clientConnected(client("c", "1"));
        assertThat(vm.clients()).as("not before the UI thread gets to it").isEmpty();
        runUi();
        assertThat(rows()).isEqualTo("a/1 b/1 c/1");

        vm.clientDisconnected(gone("a"));
        vm.clientConnected(client("a", "2"));     // back within the burst
        vm.clientConnected(client("d", "1"));
        vm.clientDisconnected(gone("d"));         // came and went within it
        vm.clientConnected(client("b", "2"));     // the same id again: replaced
        vm.clientDisconnected(gone("x"));         // never seen
        vm.clientDisconnected(gone("c"));
        assertThat(uiQueue).as("one list update for the whole burst").hasSize(1);
        assertThat(rows()).as("unchanged until it runs").isEqualTo("a/1 b/1 c/1");
        runUi();
        assertThat(rows()).isEqualTo("a/2 b/2");
        assertThat(vm.total()).isEqualTo(2);
    }

    @Test
    void aBurstReachesTheSortedViewAsOneRemovalAndOneAddition() {
        SortedList<ClientRow> sorted = new SortedList<>(vm.clients(), Comparator.comparing(ClientRow::id));
        List<ListChangeListener.Change<? extends ClientRow>> changes = new ArrayList<>();
        sorted.addListener((ListChangeListener<ClientRow>) changes::add); // one per change the views make
        for (int i = 0; i < 10_000; i++) {
            vm.clientConnected(client("c" + i, "1"));
        }
        runUi();
        assertThat(vm.total()).isEqualTo(10_000);
        assertThat(sorted).hasSize(10_000);
        changes.clear();
        for (int i = 0; i < 10_000; i += 2) {
            vm.clientDisconnected(gone("c" + i));
        }
        vm.clientConnected(client("new", "1"));
        assertThat(uiQueue).hasSize(1);
        runUi();
        assertThat(changes).as("one change for the removals, one for the addition (not one per row)").hasSize(2);
        assertThat(sorted).hasSize(5_001);
        vm.clientDisconnected(gone("new"));
        runUi();
        assertThat(vm.total()).isEqualTo(5_000);
        assertThat(vm.clients()).allSatisfy(r -> assertThat(Integer.parseInt(r.id().substring(1)) % 2).isEqualTo(1));
    }
}
