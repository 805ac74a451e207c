#!/usr/bin/env python3
"""sendump_mixw.py - the stock acoustic model's mixture weights, for sphinxtrain.

PocketSphinx's en-us model ships its mixture weights only as `sendump`, 8-bit
quantized negative log weights (mixw_shift bits dropped), laid out codebook by
codebook.  sphinxtrain's `bw`, which counts the statistics MLLR and MAP
adaptation are solved from, reads a float `mixture_weights` file.  This
writes one from the other: the quantization is kept (1.0001 ** -(q << shift)),
each senone's weights renormalized to sum to one.  sphinxtrain's own
sendump.py does the same in Python 2 with numpy, neither of which is here.

usage: sendump_mixw.py SENDUMP MIXTURE_WEIGHTS
"""
import struct
import sys


def read_string(f):
    n = struct.unpack("<I", f.read(4))[0]
    return None if n == 0 else f.read(n)[:-1].decode("ascii", "replace")


def main():
    src, dst = sys.argv[1:3]
    with open(src, "rb") as f:
        read_string(f)  # the format description
        header = {}
        while True:
            h = read_string(f)
            if h is None:
                break
            key, _, value = h.partition(" ")
            header[key] = value
        shift = int(header.get("mixw_shift", 10))
        n_feat = int(header["feature_count"])
        if int(header.get("cluster_count", 0)) != 0:
            sys.exit("sendump_mixw: clustered sendump files are not supported")
        n_cw, n_sen = struct.unpack("<II", f.read(8))
        data = f.read()
    need = n_feat * n_cw * n_sen
    if len(data) < need:
        sys.exit(f"sendump_mixw: {src}: {len(data)} bytes of weights, {need} expected")
    data = data[len(data) - need:]
    out = bytearray()
    for sen in range(n_sen):
        for feat in range(n_feat):
            row = [1.0001 ** -(data[(feat * n_cw + cw) * n_sen + sen] << shift)
                   for cw in range(n_cw)]
            total = sum(row)
            out += struct.pack("=%df" % n_cw, *[w / total for w in row])
    with open(dst, "wb") as f:
        f.write(b"s3\nversion 1.0\nendhdr\n")
        f.write(struct.pack("=i", 0x11223344))
        f.write(struct.pack("=IIII", n_sen, n_feat, n_cw, n_sen * n_feat * n_cw))
        f.write(out)
    print(f"sendump_mixw: {n_sen} senones x {n_feat} streams x {n_cw} codewords", file=sys.stderr)


if __name__ == "__main__":
    main()
