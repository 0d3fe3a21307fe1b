#include "phone/adb_transport.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace appvault::phone {
namespace {

// Commands and constants of protocol.txt / adb.h.
constexpr std::uint32_t kCnxn = 0x4e584e43;
constexpr std::uint32_t kAuth = 0x48545541;
constexpr std::uint32_t kOpen = 0x4e45504f;
constexpr std::uint32_t kOkay = 0x59414b4f;
constexpr std::uint32_t kClse = 0x45534c43;
constexpr std::uint32_t kWrte = 0x45545257;
constexpr std::uint32_t kVersion = 0x01000001;
constexpr std::uint32_t kDeviceMaxData = 256 * 1024;  // MAX_PAYLOAD of adb.h
constexpr std::uint32_t kLargestAccepted = 1024 * 1024;

void PutLe32(std::string* out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i)
    out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
std::uint32_t GetLe32(const unsigned char* p) {
  return p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}

bool ReadAll(int fd, void* buffer, std::size_t n) {
  auto* p = static_cast<char*>(buffer);
  while (n > 0) {
    ssize_t got = ::read(fd, p, n);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    p += got;
    n -= static_cast<std::size_t>(got);
  }
  return true;
}

bool WriteAll(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    ssize_t put = ::send(fd, p, n, MSG_NOSIGNAL);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return false;
    p += put;
    n -= static_cast<std::size_t>(put);
  }
  return true;
}

}  // namespace

std::string Stream::ReadSome(std::size_t max) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !inbox_.empty() || remote_closed_; });
  std::size_t n = std::min(max, inbox_.size());
  std::string out = inbox_.substr(0, n);
  inbox_.erase(0, n);
  return out;
}

bool Stream::ReadExactly(std::size_t n, std::string* out) {
  out->clear();
  while (out->size() < n) {
    std::string part = ReadSome(n - out->size());
    if (part.empty()) return false;
    out->append(part);
  }
  return true;
}

bool Stream::Write(const std::string& bytes) {
  std::size_t chunk = connection_->max_payload();
  for (std::size_t off = 0; off < bytes.size(); off += chunk) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !okay_pending_ || remote_closed_; });
      if (remote_closed_ || closed_) return false;
      okay_pending_ = true;
    }
    if (!connection_->Send(kWrte, local_id_, remote_id_, bytes.substr(off, chunk))) return false;
  }
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !okay_pending_ || remote_closed_; });
  return !remote_closed_;
}

void Stream::Close() {
  {
    std::lock_guard lock(mu_);
    if (closed_) return;
    closed_ = true;
  }
  connection_->Send(kClse, local_id_, remote_id_, "");
}

void Stream::Deliver(std::string bytes) {
  std::lock_guard lock(mu_);
  inbox_.append(bytes);
  cv_.notify_all();
}

void Stream::Acknowledge() {
  std::lock_guard lock(mu_);
  okay_pending_ = false;
  cv_.notify_all();
}

void Stream::RemoteClosed() {
  std::lock_guard lock(mu_);
  remote_closed_ = true;
  cv_.notify_all();
}

Connection::Connection(int fd, DeviceBanner banner, ServiceRouter router)
    : fd_(fd), banner_(std::move(banner)), router_(std::move(router)) {}

Connection::~Connection() {
  Stop();
  {
    std::lock_guard lock(streams_mu_);
    for (auto& [id, stream] : streams_)
      stream->RemoteClosed();
  }
  for (auto& [id, t] : threads_)
    t.join();
  ::close(fd_);
}

void Connection::Stop() {
  ::shutdown(fd_, SHUT_RDWR);
}

bool Connection::Send(std::uint32_t command, std::uint32_t arg0, std::uint32_t arg1,
                      const std::string& data) {
  std::string message;
  message.reserve(24 + data.size());
  PutLe32(&message, command);
  PutLe32(&message, arg0);
  PutLe32(&message, arg1);
  PutLe32(&message, static_cast<std::uint32_t>(data.size()));
  std::uint32_t sum = 0;  // protocol.txt: data_check is a byte sum
  for (unsigned char c : data)
    sum += c;
  PutLe32(&message, sum);
  PutLe32(&message, command ^ 0xffffffff);
  message += data;
  std::lock_guard lock(write_mu_);
  return WriteAll(fd_, message.data(), message.size());
}

bool Connection::ReadMessage(std::uint32_t* command, std::uint32_t* arg0, std::uint32_t* arg1,
                             std::string* data) {
  unsigned char header[24];
  if (!ReadAll(fd_, header, sizeof header)) return false;
  *command = GetLe32(header);
  *arg0 = GetLe32(header + 4);
  *arg1 = GetLe32(header + 8);
  std::uint32_t length = GetLe32(header + 12);
  if (GetLe32(header + 20) != (*command ^ 0xffffffff) || length > kLargestAccepted) return false;
  data->assign(length, '\0');
  return length == 0 || ReadAll(fd_, data->data(), length);
}

void Connection::Serve() {
  std::uint32_t command, arg0, arg1;
  std::string data;
  while (ReadMessage(&command, &arg0, &arg1, &data)) {
    if (command == kCnxn) {
      // The host's maxdata bounds our WRTEs (adb 29 sends 1 MiB).
      max_payload_ = std::min<std::size_t>(arg1 == 0 ? 4096 : arg1, kDeviceMaxData);
      std::string features;
      for (const std::string& f : banner_.features)
        features += (features.empty() ? "" : ",") + f;
      // adb.cpp get_connection_string(): "device::" then ro.product.* and features.
      Send(kCnxn, kVersion, kDeviceMaxData,
           "device::ro.product.name=" + banner_.product + ";ro.product.model=" + banner_.model +
               ";ro.product.device=" + banner_.device + ";features=" + features);
      connected_ = true;
      continue;
    }
    if (!connected_ || command == kAuth) continue;  // no AUTH: the device never asks for it
    if (command == kOpen) {
      if (!data.empty() && data.back() == '\0') data.pop_back();
      Open(arg0, data);
      continue;
    }
    std::shared_ptr<Stream> stream;
    {
      std::lock_guard lock(streams_mu_);
      auto it = streams_.find(arg1);
      if (it != streams_.end()) stream = it->second;
      if (command == kClse && stream) streams_.erase(it);
    }
    if (command == kWrte) {
      if (stream) {
        stream->Deliver(std::move(data));
        Send(kOkay, arg1, arg0, "");
      } else {
        Send(kClse, 0, arg0, "");
      }
    } else if (command == kOkay && stream) {
      stream->Acknowledge();
    } else if (command == kClse && stream) {
      stream->RemoteClosed();
    }
  }
  std::lock_guard lock(streams_mu_);
  for (auto& [id, stream] : streams_)
    stream->RemoteClosed();
}

void Connection::ReapFinished() {
  std::vector<std::uint32_t> done;
  {
    std::lock_guard lock(streams_mu_);
    done.swap(finished_);
  }
  for (std::uint32_t id : done) {
    auto it = threads_.find(id);
    if (it == threads_.end()) continue;
    it->second.join();
    threads_.erase(it);
  }
}

void Connection::Open(std::uint32_t remote_id, std::string name) {
  ReapFinished();
  ServiceFn service = router_(name);
  if (!service) {
    Send(kClse, 0, remote_id, "");
    return;
  }
  std::uint32_t local_id = next_id_++;
  auto stream = std::make_shared<Stream>(this, local_id, remote_id);
  {
    std::lock_guard lock(streams_mu_);
    streams_[local_id] = stream;
  }
  Send(kOkay, local_id, remote_id, "");
  threads_[local_id] = std::thread([this, stream, service = std::move(service), local_id] {
    service(*stream);
    stream->Close();
    std::lock_guard lock(streams_mu_);
    streams_.erase(local_id);
    finished_.push_back(local_id);
  });
}

}  // namespace appvault::phone
