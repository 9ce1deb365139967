package dev.herald.store;

class MemoryEventLogTest extends EventLogContract {
    @Override
    protected EventLog create(EventLog.Retention retention) {
        return new MemoryEventLog(retention);
    }
}
