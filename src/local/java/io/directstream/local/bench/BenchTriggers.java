package io.directstream.local.bench;

import io.directstream.trigger.Trigger;
import io.directstream.trigger.TriggerContext;
import io.directstream.trigger.TriggerMessage;
import io.directstream.trigger.TriggerOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/** The work of {@code bin/benchmark triggers}: light CPU work, and a simulated remote call (one per message or chunk). */
final class BenchTriggers {
    private BenchTriggers() {
    }

    /** A few microseconds of CPU per message (checksums over the value); stores nothing. */
    public static final class Light implements Trigger {
        static volatile long sink;

        @Override
        public TriggerOutcome handle(TriggerMessage m, TriggerContext c) {
            CRC32 crc = new CRC32();
            for (int i = 0; i < 10; i++) {
                crc.update(m.value());
                crc.update(i);
            }
            sink += crc.getValue();
            return TriggerOutcome.done();
        }
    }

    /**
     * A remote call of {@code trigger.conf.call.ms} (default 20 ms) per unit of work: per message, or one call for a
     * whole chunk in chunked mode (a bulk API); stores nothing.
     */
    public static final class RemoteCall implements Trigger {
        private long callMs = 20;

        @Override
        public void configure(Map<String, String> properties) {
            callMs = Long.parseLong(properties.getOrDefault("call.ms", "20"));
        }

        @Override
        public TriggerOutcome handle(TriggerMessage m, TriggerContext c) throws InterruptedException {
            Thread.sleep(callMs);
            return TriggerOutcome.done();
        }

        @Override
        public List<TriggerOutcome> handleChunk(List<TriggerMessage> chunk, TriggerContext c) throws InterruptedException {
            Thread.sleep(callMs);
            List<TriggerOutcome> out = new ArrayList<>(chunk.size());
            chunk.forEach(m -> out.add(TriggerOutcome.done()));
            return out;
        }
    }
}
