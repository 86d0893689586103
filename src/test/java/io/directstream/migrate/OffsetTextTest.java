package io.directstream.migrate;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.Test;

/** Every form a legacy pipeline's offset code wrote, read byte for byte; and what must be refused. */
public class OffsetTextTest {
    /** What {@code new ZkClient(servers)} stores: its default SerializableSerializer writes the object. */
    static byte[] javaSerialized(Object o) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.toByteArray();
    }

    private static OffsetText.Decoded utf8(String s) {
        return OffsetText.decode("/z", s.getBytes(StandardCharsets.UTF_8));
    }

    private static String refused(byte[] b) {
        try {
            OffsetText.decode("/z", b);
        } catch (UnreadableOffsetException e) {
            return e.getMessage();
        }
        fail("accepted: " + new String(b, StandardCharsets.ISO_8859_1));
        return null;
    }

    @Test
    public void bareNumbersAndPairs() {
        assertEquals(List.of(SavedOffset.number(null, null, 1200)), utf8(" 1200\n").offsets());
        assertEquals("number", utf8("1200").form());
        OffsetText.Decoded pairs = utf8("0:1200, 1:1185,2:7");
        assertEquals("partition:offset pairs", pairs.form());
        assertEquals(List.of(SavedOffset.number(null, 0, 1200), SavedOffset.number(null, 1, 1185),
                SavedOffset.number(null, 2, 7)), pairs.offsets());
    }

    @Test
    public void namedFieldsInEachSpelling() {
        SavedOffset full = SavedOffset.range("orders", 2, 310L, 655L);
        assertEquals(List.of(full), utf8("topic=orders;partition=2;fromOffset=310;untilOffset=655").offsets());
        assertEquals("named fields", utf8("topic=orders;partition=2;fromOffset=310;untilOffset=655").form());
        assertEquals(List.of(SavedOffset.range(null, null, 310L, 655L)), utf8("fromOffset:310,untilOffset:655").offsets());
        assertEquals(List.of(full), utf8("{\"topic\":\"orders\",\"partition\":2,\"fromOffset\":310,\"untilOffset\":655}").offsets());
        assertEquals("JSON", utf8("{\"topic\":\"orders\",\"partition\":2,\"fromOffset\":310,\"untilOffset\":655}").form());
        assertEquals(List.of(full), utf8("OffsetRange(topic: 'orders', partition: 2, range: [310 -> 655])").offsets());
        assertEquals(List.of(full, SavedOffset.range("orders", 3, 12L, 40L)),
                utf8("topic=orders;partition=2;fromOffset=310;untilOffset=655\ntopic=orders;partition=3;fromOffset=12;untilOffset=40").offsets());
        assertEquals(2, utf8("[{\"topic\":\"orders\",\"partition\":2,\"untilOffset\":655},{\"topic\":\"orders\",\"partition\":3,\"untilOffset\":9}]")
                .offsets().size());
        assertEquals(List.of(SavedOffset.number("orders", 1, 77)), utf8("topic = 'orders' & partition = 1 & offset = 77").offsets());
        assertEquals(List.of(SavedOffset.range(null, 4, null, 99L)), utf8("partition=4,until_offset=99").offsets());
    }

    @Test
    public void aJavaSerializedStringIsDecodedNotDeserialized() throws IOException {
        byte[] b = javaSerialized("fromOffset:310,untilOffset:655");
        assertEquals("AC ED 00 05 74", String.format("%02X %02X %02X %02X %02X", b[0], b[1], b[2], b[3], b[4]));
        OffsetText.Decoded d = OffsetText.decode("/z", b);
        assertEquals(OffsetText.JAVA_STRING, d.encoding());
        assertEquals(List.of(SavedOffset.range(null, null, 310L, 655L)), d.offsets());
        assertEquals(List.of(SavedOffset.number(null, null, 42)), OffsetText.decode("/z", javaSerialized("42")).offsets());
        // read as UTF-8, these bytes would have ended in "...t\u0000\u00024" : never parsed as text
        assertEquals("Java-serialized String, number", OffsetText.decode("/z", javaSerialized("42")).describe());
    }

    @Test
    public void garbageIsRefusedWithWhatWasFound() throws IOException {
        String m = refused(javaSerialized(Long.valueOf(5)));
        assertTrue(m, m.contains("holds a Java-serialized object of class java.lang.Long, not a String: refused"));
        byte[] random = new byte[32];
        new Random(7).nextBytes(random);
        random[0] = (byte) 0xC3;
        random[1] = (byte) 0x28; // an invalid UTF-8 sequence
        m = refused(random);
        assertTrue(m, m.contains("neither UTF-8 text nor a Java-serialized String"));
        byte[] trailing = javaSerialized("12");
        byte[] longer = java.util.Arrays.copyOf(trailing, trailing.length + 1);
        assertTrue(refused(longer).contains("followed by 1 more bytes"));
        assertTrue(refused("-1".getBytes()).contains("negative offset"));
        assertTrue(refused("0:5,1:-1".getBytes()).contains("negative offset"));
        assertTrue(refused("topic=orders;partition=2;nextOffset=3".getBytes()).contains("nextOffset=3 that is not understood"));
        assertTrue(refused("topic=orders;partition=2".getBytes()).contains("names no offset"));
        assertTrue(refused("fromOffset=9;untilOffset=3".getBytes()).contains("after untilOffset"));
        assertTrue(refused("offset=9;untilOffset=3".getBytes()).contains("cannot be told"));
        assertTrue(refused("{\"topic\":".getBytes()).contains("not JSON"));
        assertTrue(refused("hello world".getBytes()).contains("not an offset"));
        assertTrue(refused("12abc".getBytes()).contains("not an offset"));
        assertTrue(refused("partition=x;offset=1".getBytes()).contains("not a partition number"));
    }

    @Test
    public void aRangeNeedsTheUsersChoiceANumberHasADefault() {
        SavedOffset range = SavedOffset.range("t", 0, 310L, 655L);
        ResumePoint.Resolution none = ResumePoint.defaults().resolve(range);
        assertTrue(none.offset().isEmpty());
        assertTrue(none.how(), none.how().contains("--resume-at until") && none.how().contains("--resume-at from"));
        assertEquals(Long.valueOf(655), new ResumePoint(false, ResumePoint.At.UNTIL).resolve(range).offset().get());
        assertEquals(Long.valueOf(310), new ResumePoint(false, ResumePoint.At.FROM).resolve(range).offset().get());
        assertTrue(new ResumePoint(false, ResumePoint.At.FROM).resolve(SavedOffset.range("t", 0, null, 9L)).offset().isEmpty());
        assertEquals(Long.valueOf(9), ResumePoint.defaults().resolve(SavedOffset.number("t", 0, 9)).offset().get());
        assertEquals(Long.valueOf(10), new ResumePoint(true, null).resolve(SavedOffset.number("t", 0, 9)).offset().get());
    }

    @Test
    public void aValueMustAgreeWithItsPathAndNameItsPartition() {
        LegacyOffsets out = new LegacyOffsets("test");
        ZooKeeperOffsetSource.readNode(new ZooKeeperReader.Node("/o/orders/1", "topic=orders;partition=2;untilOffset=5"
                .getBytes(), 0, 0), "orders", 1, out);
        ZooKeeperOffsetSource.readNode(new ZooKeeperReader.Node("/o/orders", "{\"untilOffset\":5}".getBytes(), 3, 0),
                "orders", null, out);
        ZooKeeperOffsetSource.readNode(new ZooKeeperReader.Node("/o/x", "7".getBytes(), 0, 0), null, null, out);
        assertTrue(out.values().isEmpty());
        assertEquals(out.problems().toString(), 3, out.problems().size());
        assertTrue(out.problems().get(0).contains("names partition 2"));
        assertTrue(out.problems().get(1).contains("names no partition"));
        assertTrue(out.problems().get(2).contains("for no named topic"));

        LegacyOffsets twice = new LegacyOffsets("test");
        ZooKeeperOffsetSource.readNode(new ZooKeeperReader.Node("/a", "topic=t;partition=0;offset=1\ntopic=t;partition=0;offset=2"
                .getBytes(), 0, 0), null, null, twice);
        assertTrue(twice.values().values().iterator().next().error().get().contains("given twice"));
    }
}
