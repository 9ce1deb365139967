package dev.herald.hub;

import dev.herald.store.EventFilter;
import dev.herald.store.StoredEvent;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The open streams by id, by topic and by user, and which of them an event is for. An event
 * addressed to users is looked up under those users, one on topics under those topics; only a
 * broadcast walks every stream. So a publish costs the streams it is for, however many others are open
 * (with 10,000 other streams, walking them all cost ~2 ms per publish).
 */
final class StreamIndex {
    private final Map<String, Subscriber> all = new ConcurrentHashMap<>();
    // topic -> streams that named it (the broadcast topic is not indexed: every stream hears it)
    private final Map<String, Set<Subscriber>> byTopic = new ConcurrentHashMap<>();
    // user -> that user's streams (anonymous streams never hear an event addressed to users)
    private final Map<String, Set<Subscriber>> byUser = new ConcurrentHashMap<>();

    void add(Subscriber s) {
        all.put(s.id(), s);
        for (String t : s.topics()) {
            if (!EventFilter.BROADCAST.equals(t)) {
                put(byTopic, t, s);
            }
        }
        if (s.info().user() != null) {
            put(byUser, s.info().user(), s);
        }
        if (!all.containsKey(s.id())) {
            unindex(s); // removed meanwhile (kicked, dropped, shutdown): it must not stay in an index
        }
    }

    /** @return false when the stream was not (or no longer) in the index */
    boolean remove(Subscriber s) {
        if (all.remove(s.id()) == null) {
            return false;
        }
        unindex(s);
        return true;
    }

    private void unindex(Subscriber s) {
        for (String t : s.topics()) {
            take(byTopic, t, s);
        }
        if (s.info().user() != null) {
            take(byUser, s.info().user(), s);
        }
    }

    Subscriber get(String id) {
        return all.get(id);
    }

    Collection<Subscriber> all() {
        return all.values();
    }

    int size() {
        return all.size();
    }

    /** Calls {@code action} once for every stream that hears {@code e} (expiry is the caller's). */
    void forEachRecipient(StoredEvent e, Consumer<Subscriber> action) {
        List<String> users = e.users();
        if (!users.isEmpty()) {
            // A stream has one user: it is in one of these sets only.
            for (int i = 0; i < users.size(); i++) {
                if (users.indexOf(users.get(i)) == i) {
                    visit(byUser.get(users.get(i)), e, action, List.of(), 0);
                }
            }
            return;
        }
        List<String> topics = e.topics();
        if (topics.contains(EventFilter.BROADCAST)) {
            visit(all.values(), e, action, List.of(), 0);
            return;
        }
        for (int i = 0; i < topics.size(); i++) {
            visit(byTopic.get(topics.get(i)), e, action, topics, i);
        }
    }

    Audience audience() {
        int connections = all.size();
        Map<String, Integer> topics = sizes(byTopic);
        topics.put(EventFilter.BROADCAST, connections);
        return new Audience(connections, topics, sizes(byUser));
    }

    private static Map<String, Integer> sizes(Map<String, Set<Subscriber>> index) {
        Map<String, Integer> counts = new TreeMap<>();
        index.forEach((key, set) -> {
            int n = set.size();
            if (n > 0) { // emptied but not yet dropped by take
                counts.put(key, n);
            }
        });
        return counts;
    }

    int countRecipients(StoredEvent e) {
        int[] n = {0};
        forEachRecipient(e, s -> n[0]++);
        return n[0];
    }

    // Those in the set that hear e, except streams already visited under one of e's topics before the i-th.
    private static void visit(Collection<Subscriber> set, StoredEvent e, Consumer<Subscriber> action,
                              List<String> topics, int i) {
        if (set == null) {
            return;
        }
        for (Subscriber s : set) {
            if (s.hears(e) && !holdsAny(s.topics(), topics, i)) {
                action.accept(s);
            }
        }
    }

    private static boolean holdsAny(Set<String> held, List<String> topics, int before) {
        for (int j = 0; j < before; j++) {
            if (held.contains(topics.get(j))) {
                return true;
            }
        }
        return false;
    }

    // Adds under the key's lock: added after computeIfAbsent returned, s could land in a set that take
    // has just removed from the map as empty, and be lost from the index for the stream's life.
    private static void put(Map<String, Set<Subscriber>> index, String key, Subscriber s) {
        index.compute(key, (k, set) -> {
            Set<Subscriber> held = set == null ? ConcurrentHashMap.newKeySet() : set;
            held.add(s);
            return held;
        });
    }

    private static void take(Map<String, Set<Subscriber>> index, String key, Subscriber s) {
        index.computeIfPresent(key, (k, set) -> {
            set.remove(s);
            return set.isEmpty() ? null : set;
        });
    }
}
