#!/usr/bin/env python3
"""make_tar.py OUT [--gzip] [--format ustar|pax|gnu] SPEC... -- configuration bundles for the
client tests, benign and malicious, written with Python's tarfile. SPEC is one of
  file:NAME:CONTENT   dir:NAME   big:NAME:SIZE   symlink:NAME:TARGET   hardlink:NAME:TARGET
  fifo:NAME   chr:NAME
"""
import io
import sys
import tarfile


def member(name, kind):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.mtime = 1700000000
    info.mode = 0o644
    return info


def add(tar, spec):
    kind, _, rest = spec.partition(":")
    name, _, arg = rest.partition(":")
    if kind in ("file", "big"):
        data = arg.encode() if kind == "file" else b"x" * int(arg)
        info = member(name, tarfile.REGTYPE)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        return
    types = {"dir": tarfile.DIRTYPE, "symlink": tarfile.SYMTYPE, "hardlink": tarfile.LNKTYPE,
             "fifo": tarfile.FIFOTYPE, "chr": tarfile.CHRTYPE}
    info = member(name, types[kind])
    if kind in ("symlink", "hardlink"):
        info.linkname = arg
    tar.addfile(info)


def main(argv):
    out, args = argv[1], argv[2:]
    mode, fmt = "w", tarfile.PAX_FORMAT
    formats = {"ustar": tarfile.USTAR_FORMAT, "pax": tarfile.PAX_FORMAT, "gnu": tarfile.GNU_FORMAT}
    specs = []
    i = 0
    while i < len(args):
        if args[i] == "--gzip":
            mode = "w:gz"
        elif args[i] == "--format":
            i += 1
            fmt = formats[args[i]]
        else:
            specs.append(args[i])
        i += 1
    with tarfile.open(out, mode, format=fmt) as tar:
        for spec in specs:
            add(tar, spec)


if __name__ == "__main__":
    main(sys.argv)
