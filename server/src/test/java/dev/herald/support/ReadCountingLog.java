package dev.herald.support;

import dev.herald.store.EventLog;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/** A log in front of a real one that counts the {@code readAfter} calls reaching it: what memory did not answer. */
public final class ReadCountingLog {
    private ReadCountingLog() {
    }

    public static EventLog of(EventLog real, AtomicInteger reads) {
        return (EventLog) Proxy.newProxyInstance(EventLog.class.getClassLoader(), new Class<?>[] {EventLog.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("readAfter")) {
                        reads.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
