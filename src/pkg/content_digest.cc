// One read pass: workers read and digest chunks; the calling thread takes them in order
// for the whole-file SHA-256.
#include "pkg/content_digest.h"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "pkg/byte_buffer.h"
#include "pkg/crypto.h"

namespace appvault::pkg {
namespace {

constexpr std::uint8_t kChunkPrefix = 0xa5;
constexpr std::uint8_t kTopLevelPrefix = 0x5a;
constexpr std::uint64_t kEocdSize = 22;
constexpr std::uint64_t kEocdCdOffsetField = 16;
constexpr int kMaxThreads = 16;

// A range of the file read in one piece. chunk < 0: not content (the signing block), only
// fed to the whole-file digest.
struct Piece {
  std::uint64_t offset = 0;
  std::size_t length = 0;
  std::int64_t chunk = -1;
  bool is_eocd = false;  // holds the EOCD's central-directory offset field
};

DigestAlgorithm ChunkDigest(ContentDigestAlgorithm algorithm) {
  return algorithm == ContentDigestAlgorithm::kChunkedSha512 ? DigestAlgorithm::kSha512
                                                             : DigestAlgorithm::kSha256;
}

void StoreLe32(std::uint32_t value, std::uint8_t* out) {
  for (int i = 0; i < 4; ++i) {
    out[i] = static_cast<std::uint8_t>(value >> (8 * i));
  }
}

// Splits [begin, end) into pieces of at most one chunk; content pieces are numbered.
void AddPieces(std::uint64_t begin, std::uint64_t end, bool content, std::int64_t* next_chunk,
               std::vector<Piece>* pieces) {
  for (std::uint64_t at = begin; at < end; at += kContentChunkSize) {
    Piece piece;
    piece.offset = at;
    piece.length = static_cast<std::size_t>(std::min(kContentChunkSize, end - at));
    if (content) piece.chunk = (*next_chunk)++;
    pieces->push_back(piece);
  }
}

// The sections must be in order; with content digests, the EOCD must be able to hold the
// signing block's offset and the chunk count must fit.
Status CheckSections(const ApkSections& s, std::uint64_t size, bool content) {
  if (s.signing_block_offset > s.central_directory_offset ||
      s.central_directory_offset > s.eocd_offset || s.eocd_offset > size ||
      size - s.eocd_offset < kEocdSize) {
    return Status(StatusCode::kBadSignature, "zip sections are not in APK order");
  }
  if (!content) return Status::Ok();
  if (s.signing_block_offset > 0xffffffffu) {
    return Status(StatusCode::kBadSignature, "APK Signing Block offset does not fit the EOCD");
  }
  if (size / kContentChunkSize >= kMaxContentChunks) {
    return Status(StatusCode::kBadSignature, "too large for APK content digests");
  }
  return Status::Ok();
}

// The chunk digests of one algorithm, laid out by chunk index.
struct ChunkTable {
  DigestAlgorithm digest;
  std::size_t digest_size = 0;
  std::string digests;  // chunk count * digest_size bytes; threads write disjoint ranges
};

// Digests chunks with one Digester per table; one per thread.
class ChunkHasher {
 public:
  static Result<ChunkHasher> Create(std::vector<ChunkTable>* tables) {
    ChunkHasher hasher(tables);
    for (const ChunkTable& table : *tables) {
      Result<Digester> d = Digester::Create(table.digest);
      if (!d.ok()) return d.status();
      hasher.digesters_.push_back(std::move(d).value());
    }
    return hasher;
  }

  void Hash(std::size_t chunk, const std::uint8_t* data, std::size_t length) {
    std::uint8_t prefix[5] = {kChunkPrefix};
    StoreLe32(static_cast<std::uint32_t>(length), prefix + 1);
    for (std::size_t i = 0; i < digesters_.size(); ++i) {
      digesters_[i].Update(prefix, sizeof prefix);
      digesters_[i].Update(data, length);
      std::string digest = digesters_[i].Finish();
      ChunkTable& table = (*tables_)[i];
      std::copy(digest.begin(), digest.end(), table.digests.begin() + chunk * table.digest_size);
    }
  }

 private:
  explicit ChunkHasher(std::vector<ChunkTable>* tables) : tables_(tables) {}

  std::vector<ChunkTable>* tables_;
  std::vector<Digester> digesters_;
};

// The pass. Pieces are claimed in file order, read into a ring slot (piece % slots) and
// digested as a chunk, by the workers and by the calling thread whenever it would wait; the
// calling thread takes the slots in order for the whole-file SHA-256 and so frees them. A
// piece is claimed only once the caller has taken its slot's previous piece.
class DigestPass {
 public:
  DigestPass(const RandomAccessFile& file, std::vector<Piece> pieces, std::uint64_t block_offset,
             std::vector<ChunkTable>* tables)
      : file_(file), pieces_(std::move(pieces)), block_offset_(block_offset), tables_(tables) {}
  ~DigestPass() { ReturnScratchBuffer(std::move(buffer_)); }
  DigestPass(const DigestPass&) = delete;
  DigestPass& operator=(const DigestPass&) = delete;

  // threads: in all, the caller's included. Returns the whole file's SHA-256, or
  // known_sha256 (not computed) when it is given.
  Result<Sha256> Run(int threads, const std::optional<Sha256>& known_sha256) {
    Result<Digester> whole = Digester::Create(DigestAlgorithm::kSha256);
    if (!whole.ok()) return whole.status();
    Digester* whole_digest = known_sha256 ? nullptr : &*whole;
    Result<ChunkHasher> hasher = ChunkHasher::Create(tables_);
    if (!hasher.ok()) return hasher.status();
    // Slots no larger than the largest piece, and no more than there are pieces, in one
    // buffer: a small package does not pay for megabytes it never reads, and a big one
    // gets them in huge pages (see byte_buffer.h).
    std::size_t largest = 1;
    for (const Piece& piece : pieces_) {
      largest = std::max(largest, piece.length);
    }
    slots_.resize(std::clamp<std::size_t>(pieces_.size(), 1, kChunksInFlight));
    buffer_ = TakeScratchBuffer(slots_.size() * largest);
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      slots_[i].data = buffer_.data() + i * largest;
    }
    StartWorkers(threads - 1);
    Status status = TakeInOrder(whole_digest, &*hasher);
    Stop();
    for (std::thread& worker : workers_) {
      worker.join();
    }
    if (!status.ok()) return status;
    if (known_sha256) return *known_sha256;
    std::string digest = whole->Finish();
    Sha256::Bytes bytes;
    std::copy(digest.begin(), digest.end(), bytes.begin());
    return Sha256(bytes);
  }

 private:
  struct Slot {
    std::uint8_t* data = nullptr;  // in buffer_
    std::size_t piece = SIZE_MAX;  // the piece whose bytes are ready in data
    Status status;                 // of reading it
  };

  void StartWorkers(int count) {
    for (int i = 0; i < std::min(count, kMaxThreads); ++i) {
      Result<ChunkHasher> hasher = ChunkHasher::Create(tables_);
      if (!hasher.ok()) return;
      try {
        workers_.emplace_back([this, h = std::move(hasher).value()]() mutable { Work(&h); });
      } catch (const std::system_error&) {
        return;  // fewer workers; with none, the caller does everything
      }
    }
  }

  // Reads one piece into buffer and digests it as a chunk when it is content.
  Status Load(std::size_t index, std::uint8_t* buffer, ChunkHasher* hasher) {
    const Piece& piece = pieces_[index];
    Status read = file_.ReadAt(piece.offset, piece.length, buffer);
    if (!read.ok() || piece.chunk < 0) return read;
    const auto chunk = static_cast<std::size_t>(piece.chunk);
    if (!piece.is_eocd) {
      hasher->Hash(chunk, buffer, piece.length);
      return Status::Ok();
    }
    std::vector<std::uint8_t> eocd(buffer, buffer + piece.length);  // the file's bytes stay
    StoreLe32(static_cast<std::uint32_t>(block_offset_), eocd.data() + kEocdCdOffsetField);
    hasher->Hash(chunk, eocd.data(), eocd.size());
    return Status::Ok();
  }

  // Whether the next piece can be claimed: one is left and its slot has been taken.
  // REQUIRES: mu_ held.
  bool CanClaim() const { return next_ < pieces_.size() && consumed_ + slots_.size() > next_; }

  // Reads and digests a claimed piece into its slot, then publishes it.
  void Fill(std::size_t index, ChunkHasher* hasher) {
    Slot& slot = slots_[index % slots_.size()];
    Status status = Load(index, slot.data, hasher);
    {
      std::lock_guard<std::mutex> lock(mu_);
      slot.status = std::move(status);
      slot.piece = index;
    }
    cv_.notify_all();
  }

  void Work(ChunkHasher* hasher) {
    while (true) {
      std::size_t index = 0;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stop_ || next_ == pieces_.size() || CanClaim(); });
        if (stop_ || next_ == pieces_.size()) return;
        index = next_++;
      }
      Fill(index, hasher);
    }
  }

  // Takes the pieces in order (into `whole` unless it is null); while the next one is not
  // ready, fills one itself.
  Status TakeInOrder(Digester* whole, ChunkHasher* hasher) {
    for (std::size_t index = 0; index < pieces_.size(); ++index) {
      Slot& slot = slots_[index % slots_.size()];
      while (true) {
        std::size_t help = 0;
        {
          std::unique_lock<std::mutex> lock(mu_);
          cv_.wait(lock, [&] { return slot.piece == index || CanClaim(); });
          if (slot.piece == index && !slot.status.ok()) return slot.status;
          if (slot.piece == index) break;
          help = next_++;
        }
        Fill(help, hasher);
      }
      if (whole != nullptr) whole->Update(slot.data, pieces_[index].length);
      {
        std::lock_guard<std::mutex> lock(mu_);
        consumed_ = index + 1;
      }
      cv_.notify_all();
    }
    return Status::Ok();
  }

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
  }

  const RandomAccessFile& file_;
  const std::vector<Piece> pieces_;
  const std::uint64_t block_offset_;
  std::vector<ChunkTable>* tables_;
  ByteBuffer buffer_;
  std::vector<Slot> slots_;
  std::vector<std::thread> workers_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::size_t next_ = 0;      // the next piece a worker claims
  std::size_t consumed_ = 0;  // pieces the whole-file digest has taken
  bool stop_ = false;
};

// The pieces still to be read once the known digests are in the table: with the whole
// file's SHA-256 known, a piece that is not content is not needed, nor a whole chunk at
// offset i * kContentChunkSize whose digest is known[i].
std::vector<Piece> SkipKnown(const std::vector<Piece>& pieces, std::span<const Sha256> known,
                             ChunkTable* table) {
  std::vector<Piece> left;
  for (const Piece& piece : pieces) {
    if (piece.chunk < 0) continue;
    const std::uint64_t index = piece.offset / kContentChunkSize;
    if (table != nullptr && !piece.is_eocd && piece.length == kContentChunkSize &&
        piece.offset % kContentChunkSize == 0 && index < known.size()) {
      const Sha256::Bytes& digest = known[index].bytes();
      std::copy(digest.begin(), digest.end(),
                table->digests.begin() + piece.chunk * static_cast<std::int64_t>(Sha256::kSize));
      continue;
    }
    left.push_back(piece);
  }
  return left;
}

std::string TopLevelDigest(const ChunkTable& table, std::size_t chunks) {
  std::string input(5, '\0');
  input[0] = static_cast<char>(kTopLevelPrefix);
  StoreLe32(static_cast<std::uint32_t>(chunks), reinterpret_cast<std::uint8_t*>(&input[1]));
  input += table.digests;
  return Digest(table.digest, input);
}

}  // namespace

Result<ChunkSha256Collector> ChunkSha256Collector::Create() {
  Result<Digester> digester = Digester::Create(DigestAlgorithm::kSha256);
  if (!digester.ok()) return digester.status();
  ChunkSha256Collector collector(std::move(digester).value());
  collector.StartChunk();
  return collector;
}

void ChunkSha256Collector::StartChunk() {
  std::uint8_t prefix[5] = {kChunkPrefix};
  StoreLe32(static_cast<std::uint32_t>(kContentChunkSize), prefix + 1);
  digester_.Update(prefix, sizeof prefix);
  in_chunk_ = 0;
}

void ChunkSha256Collector::Update(std::string_view bytes) {
  while (!bytes.empty()) {
    const std::size_t take = static_cast<std::size_t>(
        std::min<std::uint64_t>(bytes.size(), kContentChunkSize - in_chunk_));
    digester_.Update(bytes.substr(0, take));
    bytes.remove_prefix(take);
    in_chunk_ += take;
    if (in_chunk_ < kContentChunkSize) return;
    std::string digest = digester_.Finish();
    Sha256::Bytes out;
    std::copy(digest.begin(), digest.end(), out.begin());
    digests_.emplace_back(out);
    StartChunk();
  }
}

Result<FileDigests> ComputeFileDigests(const RandomAccessFile& file, const ApkSections& sections,
                                       std::span<const ContentDigestAlgorithm> algorithms,
                                       const DigestOptions& options) {
  const std::uint64_t size = file.size();
  Status valid = CheckSections(sections, size, !algorithms.empty());
  if (!valid.ok()) return valid;
  if (algorithms.empty() && options.known_sha256) {
    return FileDigests{{}, *options.known_sha256, size};  // nothing left to read the file for
  }

  std::vector<Piece> pieces;
  std::int64_t chunks = 0;
  AddPieces(0, sections.signing_block_offset, true, &chunks, &pieces);
  AddPieces(sections.signing_block_offset, sections.central_directory_offset, false, &chunks,
            &pieces);
  AddPieces(sections.central_directory_offset, sections.eocd_offset, true, &chunks, &pieces);
  const std::size_t eocd_piece = pieces.size();
  AddPieces(sections.eocd_offset, size, true, &chunks, &pieces);
  pieces[eocd_piece].is_eocd = true;

  std::vector<ContentDigestAlgorithm> wanted;
  std::vector<ChunkTable> tables;
  for (ContentDigestAlgorithm algorithm : algorithms) {
    if (std::find(wanted.begin(), wanted.end(), algorithm) != wanted.end()) continue;
    wanted.push_back(algorithm);
    DigestAlgorithm digest = ChunkDigest(algorithm);
    std::size_t digest_size = DigestSize(digest);
    tables.push_back(ChunkTable{digest, digest_size,
                                std::string(static_cast<std::size_t>(chunks) * digest_size, '\0')});
  }
  if (options.known_sha256) {
    const bool only_sha256 =
        wanted.size() == 1 && wanted[0] == ContentDigestAlgorithm::kChunkedSha256;
    pieces = SkipKnown(pieces, options.known_chunk_sha256, only_sha256 ? &tables[0] : nullptr);
  }
  DigestPass pass(file, std::move(pieces), sections.signing_block_offset, &tables);
  const int threads = size < options.min_size_for_threads ? 1 : std::max(1, options.threads);
  Result<Sha256> whole = pass.Run(threads, options.known_sha256);
  if (!whole.ok()) return whole.status();

  FileDigests out;
  out.sha256 = *whole;
  out.size = size;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    out.content[wanted[i]] = TopLevelDigest(tables[i], static_cast<std::size_t>(chunks));
  }
  return out;
}

}  // namespace appvault::pkg
