#include "pkg/zip.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <optional>
#include <thread>

#include "support/files.h"
#include "support/temp_dir.h"

namespace appvault::pkg {
namespace {

using test::RunShell;
using test::ShellQuote;
using test::TempDir;
using test::WriteFile;

// ---- A small zip writer: every field can be set, so tests can write malformed zips. ----

void Put16(std::string& out, std::uint64_t v) {
  out += static_cast<char>(v & 0xff);
  out += static_cast<char>((v >> 8) & 0xff);
}
void Put32(std::string& out, std::uint64_t v) {
  Put16(out, v & 0xffff);
  Put16(out, (v >> 16) & 0xffff);
}
void Put64(std::string& out, std::uint64_t v) {
  Put32(out, v & 0xffffffff);
  Put32(out, v >> 32);
}

std::string RawDeflate(const std::string& data) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// n zero bytes, raw-deflated without ever holding them in memory.
std::string DeflateZeros(std::uint64_t n) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
  const std::string zeros(1 << 20, '\0');
  std::string out, buffer(1 << 16, '\0');
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (z.avail_in == 0 && n > 0) {
      const std::uint64_t take = std::min<std::uint64_t>(n, zeros.size());
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
      z.avail_in = static_cast<uInt>(take);
      n -= take;
    }
    z.next_out = reinterpret_cast<Bytef*>(buffer.data());
    z.avail_out = static_cast<uInt>(buffer.size());
    rc = deflate(&z, n == 0 ? Z_FINISH : Z_NO_FLUSH);
    out.append(buffer.data(), buffer.size() - z.avail_out);
  }
  deflateEnd(&z);
  return out;
}

std::uint32_t Crc(const std::string& data) {
  return static_cast<std::uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
}

// One entry as the writer lays it out; the declared fields start out honest.
struct Rec {
  std::string name;
  std::string payload;  // the bytes stored in the file (compressed for method 8)
  std::uint16_t method = 8;
  std::uint16_t flags = 0;
  std::uint32_t crc = 0;
  std::uint64_t usize = 0;
  bool zip64 = false;  // sizes (and offset) in zip64 extra fields
};

Rec MakeRec(const std::string& name, const std::string& data, std::uint16_t method = 8) {
  Rec r;
  r.name = name;
  r.method = method;
  r.payload = method == 8 ? RawDeflate(data) : data;
  r.crc = Crc(data);
  r.usize = data.size();
  return r;
}

std::string LocalRecord(const Rec& r) {
  const bool dd = r.flags & 8;
  std::string out, extra;
  if (r.zip64) {
    Put16(extra, 1);
    Put16(extra, 16);
    Put64(extra, dd ? 0 : r.usize);
    Put64(extra, dd ? 0 : r.payload.size());
  }
  Put32(out, 0x04034b50);
  Put16(out, 45);
  Put16(out, r.flags);
  Put16(out, r.method);
  Put32(out, 0);
  Put32(out, dd ? 0 : r.crc);
  Put32(out, r.zip64 ? 0xffffffff : dd ? 0 : r.payload.size());
  Put32(out, r.zip64 ? 0xffffffff : dd ? 0 : r.usize);
  Put16(out, r.name.size());
  Put16(out, extra.size());
  out += r.name + extra + r.payload;
  if (dd) {
    Put32(out, 0x08074b50);
    Put32(out, r.crc);
    if (r.zip64) {
      Put64(out, r.payload.size());
      Put64(out, r.usize);
    } else {
      Put32(out, r.payload.size());
      Put32(out, r.usize);
    }
  }
  return out;
}

std::string CentralRecord(const Rec& r, std::uint64_t offset) {
  std::string out, extra;
  if (r.zip64) {
    Put16(extra, 1);
    Put16(extra, 24);
    Put64(extra, r.usize);
    Put64(extra, r.payload.size());
    Put64(extra, offset);
  }
  Put32(out, 0x02014b50);
  Put16(out, 0x031e);
  Put16(out, 45);
  Put16(out, r.flags);
  Put16(out, r.method);
  Put32(out, 0);
  Put32(out, r.crc);
  Put32(out, r.zip64 ? 0xffffffff : r.payload.size());
  Put32(out, r.zip64 ? 0xffffffff : r.usize);
  Put16(out, r.name.size());
  Put16(out, extra.size());
  Put16(out, 0);  // comment
  Put16(out, 0);  // disk
  Put16(out, 0);  // internal attributes
  Put32(out, 0);  // external attributes
  Put32(out, r.zip64 ? 0xffffffff : offset);
  return out + r.name + extra;
}

struct EndOptions {
  std::string comment;
  bool zip64 = false;
};

std::string EndRecords(std::uint64_t count, std::uint64_t cd_offset, std::uint64_t cd_size,
                       const EndOptions& options) {
  std::string out;
  if (options.zip64) {
    const std::uint64_t record = cd_offset + cd_size;
    Put32(out, 0x06064b50);
    Put64(out, 44);
    Put16(out, 45);
    Put16(out, 45);
    Put32(out, 0);
    Put32(out, 0);
    Put64(out, count);
    Put64(out, count);
    Put64(out, cd_size);
    Put64(out, cd_offset);
    Put32(out, 0x07064b50);
    Put32(out, 0);
    Put64(out, record);
    Put32(out, 1);
  }
  Put32(out, 0x06054b50);
  Put16(out, 0);
  Put16(out, 0);
  Put16(out, options.zip64 ? 0xffff : count);
  Put16(out, options.zip64 ? 0xffff : count);
  Put32(out, options.zip64 ? 0xffffffff : cd_size);
  Put32(out, options.zip64 ? 0xffffffff : cd_offset);
  Put16(out, options.comment.size());
  return out + options.comment;
}

// Local records in order, then the central directory (from `central` when given, so it can
// disagree with the local headers), then the end records.
std::string BuildZip(const std::vector<Rec>& recs, const EndOptions& options = {},
                     const std::vector<Rec>* central = nullptr) {
  std::string out, cd;
  const std::vector<Rec>& cd_recs = central != nullptr ? *central : recs;
  for (std::size_t i = 0; i < recs.size(); ++i) {
    cd += CentralRecord(cd_recs[i], out.size());
    out += LocalRecord(recs[i]);
  }
  const std::uint64_t cd_offset = out.size();
  return out + cd + EndRecords(recs.size(), cd_offset, cd.size(), options);
}

// ---- Reading helpers ----

struct Opened {
  std::unique_ptr<RandomAccessFile> file;
  Result<ZipArchive> archive = Status(StatusCode::kInternal, "unset");
};

Opened OpenBytes(const std::string& bytes, ZipLimits limits = {}) {
  Opened o;
  o.file = MemoryFile(bytes);
  o.archive = ZipArchive::Open(*o.file, limits);
  return o;
}

// The reason a zip is refused at Open; "" when it opens.
std::string OpenError(const std::string& bytes, ZipLimits limits = {}) {
  Opened o = OpenBytes(bytes, limits);
  if (o.archive.ok()) return "";
  EXPECT_EQ(o.archive.status().code(), StatusCode::kInvalidPackage);
  return o.archive.status().message();
}

std::string ReadAll(const ZipArchive& zip, const std::string& name) {
  const ZipEntry* entry = zip.Find(name);
  if (entry == nullptr) return "<missing>";
  Result<std::string> text = zip.ReadEntryToString(*entry, 1ull << 32);
  return text.ok() ? *text : "<error: " + text.status().message() + ">";
}

// The reason reading the named entry fails; "" when it reads.
std::string ReadError(const std::string& bytes, const std::string& name, ZipLimits limits = {}) {
  Opened o = OpenBytes(bytes, limits);
  if (!o.archive.ok()) return "open: " + o.archive.status().message();
  const ZipEntry* entry = o.archive->Find(name);
  if (entry == nullptr) return "missing";
  Status s = o.archive->ReadEntry(*entry, [](std::string_view) { return Status::Ok(); });
  if (s.ok()) return "";
  EXPECT_EQ(s.code(), StatusCode::kInvalidPackage);
  return s.message();
}

#define EXPECT_CONTAINS(text, part)                          \
  EXPECT_NE(std::string(text).find(part), std::string::npos) \
      << "\"" << (text) << "\" does not contain \"" << (part) << "\""

std::string Pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i)
    s[i] = static_cast<char>((i * 7919) >> 3);
  return s;
}

// "f<i>". (Built with append: g++ 12 warns falsely on "f" + std::to_string(i) at -O3.)
std::string FileName(int i) {
  std::string name = "f";
  name.append(std::to_string(i));
  return name;
}

// ---- Well-formed archives ----

TEST(ZipTest, ReadsStoredAndDeflatedEntries) {
  const std::string big = Pattern(300000);
  Opened o = OpenBytes(BuildZip({MakeRec("a.txt", "hello", 0), MakeRec("dir/b.bin", big),
                                 MakeRec("empty", "", 0), MakeRec("empty.z", "")}));
  ASSERT_TRUE(o.archive.ok()) << o.archive.status().ToString();
  ASSERT_EQ(o.archive->entries().size(), 4u);
  EXPECT_EQ(o.archive->entries()[1].name, "dir/b.bin");
  EXPECT_EQ(o.archive->entries()[1].method, 8);
  EXPECT_EQ(o.archive->entries()[1].uncompressed_size, big.size());
  EXPECT_EQ(ReadAll(*o.archive, "a.txt"), "hello");
  EXPECT_EQ(ReadAll(*o.archive, "dir/b.bin"), big);
  EXPECT_EQ(ReadAll(*o.archive, "empty"), "");
  EXPECT_EQ(ReadAll(*o.archive, "empty.z"), "");
  EXPECT_EQ(o.archive->Find("nope"), nullptr);
}

TEST(ZipTest, ReportsStructureOffsets) {
  const std::string bytes = BuildZip({MakeRec("a", "x", 0)}, {.comment = "hi"});
  Opened o = OpenBytes(bytes);
  ASSERT_TRUE(o.archive.ok());
  const std::uint64_t local = 30 + 1 + 1;
  EXPECT_EQ(o.archive->central_directory_offset(), local);
  EXPECT_EQ(o.archive->central_directory_size(), 46u + 1);
  EXPECT_EQ(o.archive->eocd_offset(), bytes.size() - 22 - 2);
  EXPECT_EQ(o.archive->entries()[0].data_offset, 31u);
  EXPECT_EQ(&o.archive->file(), o.file.get());
}

TEST(ZipTest, StreamsInChunksOfAtMost64KiB) {
  const std::string big = Pattern(1 << 20);
  for (std::uint16_t method : {0, 8}) {
    Opened o = OpenBytes(BuildZip({MakeRec("big", big, method)}));
    ASSERT_TRUE(o.archive.ok());
    std::string joined;
    std::size_t chunks = 0;
    Status s = o.archive->ReadEntry(o.archive->entries()[0], [&](std::string_view chunk) {
      EXPECT_LE(chunk.size(), 64u * 1024);
      ++chunks;
      joined.append(chunk);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    EXPECT_GE(chunks, 16u);
    EXPECT_EQ(joined, big);
  }
}

TEST(ZipTest, SinkErrorStopsReading) {
  Opened o = OpenBytes(BuildZip({MakeRec("big", Pattern(1 << 20))}));
  ASSERT_TRUE(o.archive.ok());
  int calls = 0;
  Status s = o.archive->ReadEntry(o.archive->entries()[0], [&](std::string_view) {
    ++calls;
    return Status(StatusCode::kUnavailable, "disk full");
  });
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(), "disk full");
  EXPECT_EQ(calls, 1);
}

TEST(ZipTest, ReadEntryToStringRefusesLargerThanAsked) {
  Opened o = OpenBytes(BuildZip({MakeRec("a", std::string(1000, 'a'))}));
  ASSERT_TRUE(o.archive.ok());
  Result<std::string> text = o.archive->ReadEntryToString(o.archive->entries()[0], 999);
  EXPECT_EQ(text.status().code(), StatusCode::kInvalidPackage);
  EXPECT_TRUE(o.archive->ReadEntryToString(o.archive->entries()[0], 1000).ok());
}

TEST(ZipTest, AcceptsACommentOfUpTo64KiB) {
  for (std::size_t size : {0, 1, 1000, 65535}) {
    // A comment that itself contains an end-record signature must not confuse the search.
    std::string comment = std::string("PK\x05\x06", 4) + std::string(size, 'c');
    comment.resize(size);
    Opened o = OpenBytes(BuildZip({MakeRec("a", "body")}, {.comment = comment}));
    ASSERT_TRUE(o.archive.ok()) << size << ": " << o.archive.status().ToString();
    EXPECT_EQ(ReadAll(*o.archive, "a"), "body");
  }
}

TEST(ZipTest, RefusesBytesAfterTheEndRecord) {
  std::string bytes = BuildZip({MakeRec("a", "body")});
  EXPECT_CONTAINS(OpenError(bytes + "trailing"), "not a zip");
}

TEST(ZipTest, ReadsDataDescriptors) {
  Rec a = MakeRec("dd.txt", Pattern(5000));
  a.flags |= 8;
  Rec b = MakeRec("dd64.bin", Pattern(70000));
  b.flags |= 8;
  b.zip64 = true;
  Rec c = MakeRec("stored", "plain", 0);
  c.flags |= 8;
  Opened o = OpenBytes(BuildZip({a, b, c}));
  ASSERT_TRUE(o.archive.ok()) << o.archive.status().ToString();
  EXPECT_EQ(ReadAll(*o.archive, "dd.txt"), Pattern(5000));
  EXPECT_EQ(ReadAll(*o.archive, "dd64.bin"), Pattern(70000));
  EXPECT_EQ(ReadAll(*o.archive, "stored"), "plain");
}

TEST(ZipTest, RefusesADataDescriptorThatDisagrees) {
  Rec a = MakeRec("dd.txt", "content");
  a.flags |= 8;
  std::vector<Rec> central = {a};
  central[0].crc ^= 1;
  EXPECT_CONTAINS(OpenError(BuildZip({a}, {}, &central)), "data descriptor disagrees");
}

TEST(ZipTest, ReadsZip64ExtraFieldsAndEndRecords) {
  Rec a = MakeRec("a64", Pattern(100000));
  a.zip64 = true;
  Rec b = MakeRec("b", "small", 0);
  Opened o = OpenBytes(BuildZip({a, b}, {.comment = "c", .zip64 = true}));
  ASSERT_TRUE(o.archive.ok()) << o.archive.status().ToString();
  EXPECT_EQ(o.archive->entries()[0].uncompressed_size, 100000u);
  EXPECT_EQ(ReadAll(*o.archive, "a64"), Pattern(100000));
  EXPECT_EQ(ReadAll(*o.archive, "b"), "small");
}

TEST(ZipTest, RefusesZip64EndRecordsThatDisagree) {
  std::string bytes = BuildZip({MakeRec("a", "x")}, {.comment = "", .zip64 = true});
  // The classic record names 1 entry instead of deferring (0xffff) to the zip64 record.
  const std::size_t eocd = bytes.size() - 22;
  bytes[eocd + 8] = bytes[eocd + 10] = 2;
  bytes[eocd + 9] = bytes[eocd + 11] = 0;
  EXPECT_CONTAINS(OpenError(bytes), "disagree");
}

// ---- Archives written by real tools ----

class ToolZipTest : public ::testing::Test {
 protected:
  Opened OpenPath(const std::string& path) {
    Opened o;
    Result<std::unique_ptr<RandomAccessFile>> file = OpenFile(path);
    EXPECT_TRUE(file.ok()) << file.status().ToString();
    if (!file.ok()) return o;
    o.file = std::move(file).value();
    o.archive = ZipArchive::Open(*o.file);
    return o;
  }
  int Python(const std::string& script) {
    std::string out;
    const int rc = RunShell(
        "cd " + ShellQuote(dir_.path().string()) + " && python3 -c " + ShellQuote(script), &out);
    EXPECT_EQ(rc, 0) << out;
    return rc;
  }
  TempDir dir_;
};

TEST_F(ToolZipTest, ReadsPythonZip64WithForceZip64) {
  ASSERT_EQ(
      Python("import zipfile\n"
             "with zipfile.ZipFile('z.zip', 'w', zipfile.ZIP_DEFLATED) as z:\n"
             "  for name, data in [('a.txt', b'alpha' * 1000), ('b/c.bin', bytes(range(256)))]:\n"
             "    with z.open(name, 'w', force_zip64=True) as f: f.write(data)\n"),
      0);
  Opened o = OpenPath(dir_.Join("z.zip"));
  ASSERT_TRUE(o.archive.ok()) << o.archive.status().ToString();
  std::string range;
  for (int i = 0; i < 256; ++i)
    range += static_cast<char>(i);
  EXPECT_EQ(ReadAll(*o.archive, "a.txt"), [] {
    std::string s;
    for (int i = 0; i < 1000; ++i)
      s += "alpha";
    return s;
  }());
  EXPECT_EQ(ReadAll(*o.archive, "b/c.bin"), range);
}

TEST_F(ToolZipTest, ReadsPythonDataDescriptorsFromAStream) {
  // Writing to an unseekable stream makes zipfile use data descriptors (flag bit 3).
  ASSERT_EQ(Python("import zipfile, io\n"
                   "class Pipe(io.RawIOBase):\n"
                   "  def __init__(s): s.f = open('dd.zip', 'wb')\n"
                   "  def writable(s): return True\n"
                   "  def write(s, b): return s.f.write(b)\n"
                   "  def close(s): s.f.close()\n"
                   "p = Pipe()\n"
                   "with zipfile.ZipFile(p, 'w', zipfile.ZIP_DEFLATED) as z:\n"
                   "  with z.open('x.txt', 'w') as f: f.write(b'streamed' * 5000)\n"
                   "  with z.open('y.txt', 'w', force_zip64=True) as f: f.write(b'y' * 10)\n"
                   "p.close()\n"),
            0);
  Opened o = OpenPath(dir_.Join("dd.zip"));
  ASSERT_TRUE(o.archive.ok()) << o.archive.status().ToString();
  ASSERT_EQ(o.archive->entries().size(), 2u);
  EXPECT_TRUE(o.archive->entries()[0].flags & 8);
  EXPECT_EQ(ReadAll(*o.archive, "x.txt").size(), 8u * 5000);
  EXPECT_EQ(ReadAll(*o.archive, "y.txt"), "yyyyyyyyyy");
}

TEST_F(ToolZipTest, ReadsInfoZipArchivesWithCommentAndZip64EndRecord) {
  WriteFile(dir_.Join("in/one.txt"), "one\n");
  WriteFile(dir_.Join("in/sub/two.txt"), std::string(100000, 't'));
  std::string out;
  ASSERT_EQ(RunShell("cd " + ShellQuote(dir_.Join("in")) +
                         " && zip -q -r ../c.zip . && echo 'a comment' | zip -q -z ../c.zip"
                         " && printf streamed | zip -q - - > ../s.zip",
                     &out),
            0)
      << out;
  Opened c = OpenPath(dir_.Join("c.zip"));
  ASSERT_TRUE(c.archive.ok()) << c.archive.status().ToString();
  EXPECT_EQ(ReadAll(*c.archive, "one.txt"), "one\n");
  EXPECT_EQ(ReadAll(*c.archive, "sub/two.txt"), std::string(100000, 't'));
  EXPECT_NE(c.archive->Find("sub/"), nullptr);
  Opened s = OpenPath(dir_.Join("s.zip"));  // zip from stdin writes zip64 records
  ASSERT_TRUE(s.archive.ok()) << s.archive.status().ToString();
  EXPECT_EQ(ReadAll(*s.archive, "-"), "streamed");
}

TEST_F(ToolZipTest, ReadsInfoZipWrittenToAPipe) {
  // Into a pipe, zip cannot seek back: data descriptors, with zip64 sizes for stdin.
  WriteFile(dir_.Join("h.txt"), "hello world\n");
  std::string out;
  ASSERT_EQ(RunShell("cd " + ShellQuote(dir_.path().string()) +
                         " && printf streamed | zip -q - - | cat > p1.zip"
                         " && zip -q -fd - h.txt | cat > p2.zip",
                     &out),
            0)
      << out;
  Opened p1 = OpenPath(dir_.Join("p1.zip"));
  ASSERT_TRUE(p1.archive.ok()) << p1.archive.status().ToString();
  EXPECT_TRUE(p1.archive->entries()[0].flags & 8);
  EXPECT_EQ(ReadAll(*p1.archive, "-"), "streamed");
  Opened p2 = OpenPath(dir_.Join("p2.zip"));
  ASSERT_TRUE(p2.archive.ok()) << p2.archive.status().ToString();
  EXPECT_TRUE(p2.archive->entries()[0].flags & 8);
  EXPECT_EQ(ReadAll(*p2.archive, "h.txt"), "hello world\n");
}

TEST_F(ToolZipTest, ReadsFromManyThreadsAtOnce) {
  ASSERT_EQ(Python("import zipfile\n"
                   "with zipfile.ZipFile('t.zip', 'w', zipfile.ZIP_DEFLATED) as z:\n"
                   "  for i in range(8): z.writestr('f%d' % i, bytes([i]) * (200000 + i))\n"),
            0);
  Opened o = OpenPath(dir_.Join("t.zip"));
  ASSERT_TRUE(o.archive.ok());
  std::vector<std::thread> threads;
  std::vector<int> good(8, 0);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      for (int round = 0; round < 5; ++round) {
        const std::string name = FileName(i);
        good[i] += ReadAll(*o.archive, name) == std::string(200000 + i, static_cast<char>(i));
      }
    });
  }
  for (std::thread& t : threads)
    t.join();
  EXPECT_EQ(good, std::vector<int>(8, 5));
}

TEST_F(ToolZipTest, OpenFileErrors) {
  EXPECT_EQ(OpenFile(dir_.Join("missing.zip")).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(OpenFile(dir_.path().string()).status().code(), StatusCode::kNotFound);
  WriteFile(dir_.Join("short.bin"), "abc");
  Result<std::unique_ptr<RandomAccessFile>> file = OpenFile(dir_.Join("short.bin"));
  ASSERT_TRUE(file.ok());
  EXPECT_EQ((*file)->size(), 3u);
  std::uint8_t buf[4];
  EXPECT_TRUE((*file)->ReadAt(1, 2, buf).ok());
  EXPECT_EQ(buf[0], 'b');
  EXPECT_EQ((*file)->ReadAt(2, 2, buf).code(), StatusCode::kInvalidPackage);
  EXPECT_EQ((*file)->ReadAt(~0ull, 2, buf).code(), StatusCode::kInvalidPackage);
  EXPECT_CONTAINS(ZipArchive::Open(**file).status().message(), "not a zip");
}

// ---- Refusals ----

TEST(ZipRefusalTest, NotAZip) {
  EXPECT_CONTAINS(OpenError(""), "not a zip");
  EXPECT_CONTAINS(OpenError("PK\x05\x06"), "not a zip");
  EXPECT_CONTAINS(OpenError(Pattern(100000)), "not a zip");
  EXPECT_CONTAINS(OpenError(std::string(70000, '\0')), "not a zip");
}

TEST(ZipRefusalTest, EncryptedEntries) {
  Rec a = MakeRec("secret", "data");
  a.flags |= 1;
  EXPECT_CONTAINS(OpenError(BuildZip({a})), "encrypted");
  std::vector<Rec> central = {MakeRec("secret", "data")};
  EXPECT_CONTAINS(OpenError(BuildZip({a}, {}, &central)), "encrypted");  // local header only
  Rec strong = MakeRec("secret", "data");
  strong.flags |= 0x40;
  EXPECT_CONTAINS(OpenError(BuildZip({strong})), "encrypted");
}

TEST(ZipRefusalTest, UnsafeNames) {
  for (const char* name : {"/etc/passwd", "C:/windows/x", "../escape", "a/../../b", "a/..", "..",
                           "dir\\file", "a/b\\..\\c"}) {
    const std::string error = OpenError(BuildZip({MakeRec(name, "x")}));
    EXPECT_CONTAINS(error, "entry name") << name;
  }
  EXPECT_CONTAINS(OpenError(BuildZip({MakeRec(std::string("a\0b", 3), "x")})), "NUL");
  EXPECT_CONTAINS(OpenError(BuildZip({MakeRec("", "x")})), "empty");
  EXPECT_EQ(OpenError(BuildZip({MakeRec("a..b/..c/d..", "x"), MakeRec("./x", "y")})), "");
}

TEST(ZipRefusalTest, NameLongerThanTheLimit) {
  ZipLimits limits;
  limits.max_name_length = 10;
  EXPECT_CONTAINS(OpenError(BuildZip({MakeRec("abcdefghijk", "x")}), limits), "too long");
  EXPECT_EQ(OpenError(BuildZip({MakeRec("abcdefghij", "x")}), limits), "");
}

TEST(ZipRefusalTest, RepeatedNames) {
  EXPECT_CONTAINS(
      OpenError(BuildZip({MakeRec("same", "1"), MakeRec("other", "2"), MakeRec("same", "3")})),
      "repeated entry name");
}

TEST(ZipRefusalTest, LocalHeaderDisagreesWithCentralDirectory) {
  const Rec good = MakeRec("file.txt", "content of the file");
  auto refuse = [&](const Rec& local) {
    std::vector<Rec> central = {good};
    return OpenError(BuildZip({local}, {}, &central));
  };
  Rec name = good;
  name.name = "file.txX";
  EXPECT_CONTAINS(refuse(name), "local header names another entry");
  Rec method = MakeRec("file.txt", "content of the file", 0);
  EXPECT_CONTAINS(refuse(method), "disagrees");
  Rec crc = good;
  crc.crc ^= 0x10;
  EXPECT_CONTAINS(refuse(crc), "disagrees");
  Rec usize = good;
  usize.usize += 1;
  EXPECT_CONTAINS(refuse(usize), "disagrees");
  Rec descriptor = good;
  descriptor.flags |= 8;
  EXPECT_CONTAINS(refuse(descriptor), "disagrees");
}

TEST(ZipRefusalTest, MoreEntriesThanTheLimit) {
  std::vector<Rec> recs;
  for (int i = 0; i < 4; ++i)
    recs.push_back(MakeRec(FileName(i), "x"));
  ZipLimits limits;
  limits.max_entries = 3;
  EXPECT_CONTAINS(OpenError(BuildZip(recs), limits), "too many entries");
  limits.max_entries = 4;
  EXPECT_EQ(OpenError(BuildZip(recs), limits), "");
}

TEST(ZipRefusalTest, EntryCountLargerThanTheCentralDirectory) {
  std::string bytes = BuildZip({MakeRec("a", "x")});
  const std::size_t eocd = bytes.size() - 22;
  bytes[eocd + 8] = bytes[eocd + 10] = 100;
  EXPECT_CONTAINS(OpenError(bytes), "central directory too small");
}

constexpr std::uint64_t kBombSize = 100ull << 20;  // 100 MB of zeros

Rec ZerosBomb(std::uint64_t declared) {
  Rec r;
  r.name = "bomb";
  r.payload = DeflateZeros(kBombSize);
  r.usize = declared;
  r.crc = 0;  // never reached: the reader stops at the limit
  return r;
}

TEST(ZipBombTest, HonestHeaderIsRefusedAtOpenByTheLimits) {
  const std::string bytes = BuildZip({ZerosBomb(kBombSize)});
  ZipLimits small;
  small.max_entry_size = 1 << 20;
  EXPECT_CONTAINS(OpenError(bytes, small), "limit for one entry");
  // The default limits refuse it by ratio: 100 MB from ~100 KB is past 1000:1.
  EXPECT_CONTAINS(OpenError(bytes), "zip bomb");
  ZipLimits total;
  total.max_total_size = kBombSize - 1;
  total.max_ratio = 1u << 20;
  EXPECT_CONTAINS(OpenError(bytes, total), "in total");
}

TEST(ZipBombTest, LyingDeclaredSizeIsCaughtWhileInflating) {
  const std::string bytes = BuildZip({ZerosBomb(1000)});
  Opened o = OpenBytes(bytes);
  ASSERT_TRUE(o.archive.ok()) << o.archive.status().ToString();
  std::uint64_t delivered = 0;
  Status s = o.archive->ReadEntry(o.archive->entries()[0], [&](std::string_view chunk) {
    delivered += chunk.size();
    return Status::Ok();
  });
  EXPECT_EQ(s.code(), StatusCode::kInvalidPackage);
  EXPECT_CONTAINS(s.message(), "inflates past its declared size of 1000 bytes");
  EXPECT_LE(delivered, 1000u);
}

TEST(ZipBombTest, LimitsAreEnforcedWhileInflatingBeforeTheSinkSeesTheBytes) {
  // Declared 50 MB (within the entry limit of 60 MB); the data inflates to 100 MB.
  ZipLimits limits;
  limits.max_entry_size = 60ull << 20;
  limits.max_ratio = 1u << 20;
  const std::string bytes = BuildZip({ZerosBomb(50ull << 20)});
  Opened o = OpenBytes(bytes, limits);
  ASSERT_TRUE(o.archive.ok()) << o.archive.status().ToString();
  std::uint64_t delivered = 0;
  Status s = o.archive->ReadEntry(o.archive->entries()[0], [&](std::string_view chunk) {
    delivered += chunk.size();
    return Status::Ok();
  });
  EXPECT_CONTAINS(s.message(), "past its declared size");
  EXPECT_LE(delivered, 50ull << 20);
}

TEST(ZipRefusalTest, CrcMismatch) {
  for (std::uint16_t method : {0, 8}) {
    Rec a = MakeRec("a", Pattern(100000), method);
    a.crc ^= 0x80000000u;
    EXPECT_CONTAINS(ReadError(BuildZip({a}), "a"), "CRC-32 mismatch") << method;
  }
}

TEST(ZipRefusalTest, DeclaredSizeLargerThanTheData) {
  Rec a = MakeRec("a", Pattern(1000));
  a.usize = 2000;
  EXPECT_CONTAINS(ReadError(BuildZip({a}), "a"), "differs from the declared");
}

TEST(ZipRefusalTest, StoredSizesMustMatch) {
  Rec a = MakeRec("a", "abc", 0);
  a.usize = 4;
  EXPECT_CONTAINS(OpenError(BuildZip({a})), "stored entry");
}

TEST(ZipRefusalTest, CorruptAndTruncatedDeflateData) {
  Rec a = MakeRec("a", Pattern(100000));
  for (std::size_t i = 0; i < a.payload.size(); i += 97)
    a.payload[i] ^= 0x5a;
  EXPECT_NE(ReadError(BuildZip({a}), "a"), "");
  Rec b = MakeRec("b", Pattern(100000));
  b.payload.resize(b.payload.size() / 2);
  EXPECT_CONTAINS(ReadError(BuildZip({b}), "b"), "ends early");
  Rec c = MakeRec("c", "abc");
  c.payload += "junk";
  EXPECT_CONTAINS(ReadError(BuildZip({c}), "c"), "after the end of the deflate stream");
}

TEST(ZipRefusalTest, UnsupportedMethods) {
  for (std::uint16_t method : {1, 9, 12, 14, 93, 99}) {
    Rec a = MakeRec("a", "abc", 0);
    a.method = method;
    EXPECT_CONTAINS(OpenError(BuildZip({a})), "unsupported compression method") << method;
  }
}

TEST(ZipRefusalTest, OverlappingEntries) {
  // Entry "outer" stores the whole local record of "inner": both are honest, but they share
  // bytes (the overlapping-files zip bomb).
  const Rec inner = MakeRec("inner", Pattern(5000));
  const std::string inner_record = LocalRecord(inner);
  const Rec outer = MakeRec("outer", inner_record, 0);
  const std::string local = LocalRecord(outer);
  const std::string cd = CentralRecord(outer, 0) + CentralRecord(inner, 30 + 5);
  const std::string bytes = local + cd + EndRecords(2, local.size(), cd.size(), {});
  EXPECT_CONTAINS(OpenError(bytes), "overlap");
}

TEST(ZipRefusalTest, RangesOutsideTheFile) {
  const Rec a = MakeRec("a", "content");
  const std::string local = LocalRecord(a);
  auto with = [&](std::uint64_t entry_offset, std::uint64_t cd_offset) {
    const std::string cd = CentralRecord(a, entry_offset);
    return local + cd + EndRecords(1, cd_offset, cd.size(), {});
  };
  EXPECT_EQ(OpenError(with(0, local.size())), "");
  EXPECT_CONTAINS(OpenError(with(local.size() + 1000, local.size())), "outside the file");
  EXPECT_CONTAINS(OpenError(with(0, 1ull << 31)), "central directory outside the file");
  // An entry whose data runs into the central directory.
  Rec big = a;
  big.payload += std::string(40, 'x');
  const std::string lb = LocalRecord(big).substr(0, local.size());
  const std::string cd = CentralRecord(big, 0);
  EXPECT_CONTAINS(OpenError(lb + cd + EndRecords(1, lb.size(), cd.size(), {})), "outside the file");
}

TEST(ZipRefusalTest, TruncatedAndCorruptedArchivesNeverCrash) {
  Rec dd = MakeRec("dd", Pattern(3000));
  dd.flags |= 8;
  Rec z64 = MakeRec("z64", Pattern(2000));
  z64.zip64 = true;
  const std::string good =
      BuildZip({MakeRec("a", Pattern(5000), 0), dd, z64}, {.comment = "x", .zip64 = true});
  auto exercise = [](const std::string& bytes) {
    Opened o = OpenBytes(bytes);
    if (!o.archive.ok()) {
      EXPECT_EQ(o.archive.status().code(), StatusCode::kInvalidPackage);
      return;
    }
    for (const ZipEntry& entry : o.archive->entries()) {
      Status s = o.archive->ReadEntry(entry, [](std::string_view) { return Status::Ok(); });
      if (!s.ok()) {
        EXPECT_EQ(s.code(), StatusCode::kInvalidPackage);
      }
    }
  };
  for (std::size_t cut = 0; cut < good.size(); ++cut)
    exercise(good.substr(0, cut));
  for (std::size_t i = 0; i < good.size(); ++i) {
    for (std::uint8_t flip : {0x01, 0x80, 0xff}) {
      std::string bad = good;
      bad[i] = static_cast<char>(bad[i] ^ flip);
      exercise(bad);
    }
  }
}

}  // namespace
}  // namespace appvault::pkg
