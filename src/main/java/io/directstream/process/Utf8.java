package io.directstream.process;

/** Strict UTF-8 validation of raw bytes (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). */
final class Utf8 {
    private Utf8() {
    }

    static boolean isValid(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            if ((b[i] & 0xff) < 0x80) {
                i++;
                continue;
            }
            int len = sequenceLength(b, i, n);
            if (len < 0) {
                return false;
            }
            i += len;
        }
        return true;
    }

    /** The length (2 to 4) of the valid multi-byte sequence starting at {@code i} (a byte >= 0x80), or -1. */
    static int sequenceLength(byte[] b, int i, int n) {
        int c = b[i] & 0xff;
        int need;
        int min;
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1;
            min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            min = 0x10000;
        } else {
            return -1;
        }
        if (i + need >= n) {
            return -1;
        }
        int cp = c & (0x3f >> need);
        for (int k = 1; k <= need; k++) {
            int cc = b[i + k] & 0xff;
            if ((cc & 0xc0) != 0x80) {
                return -1;
            }
            cp = (cp << 6) | (cc & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return -1;
        }
        return need + 1;
    }
}
