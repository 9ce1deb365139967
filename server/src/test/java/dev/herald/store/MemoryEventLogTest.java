package dev.herald.store;

class MemoryEventLogTest extends EventLogContract {
    @Override
    protected EventLog create(EventLog.Retention retention) {
        return new MemoryEventLog(retention);
    }

    @org.junit.jupiter.api.Test
    void everyMemoryLogIsANewInstance() {
        org.assertj.core.api.Assertions.assertThat(open().instanceId()).isNotEqualTo(open().instanceId());
    }
}
