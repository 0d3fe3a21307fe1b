// The adb transport of a device, over one TCP connection (AOSP system/core/adb/protocol.txt):
// 24-byte message headers, CNXN without AUTH, and streams opened by the host with OPEN,
// carried by WRTE, acknowledged by OKAY and ended by CLSE. Each stream runs its service on
// a thread of its own; a service reads and writes bytes and never sees a message.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace appvault::phone {

class Connection;

// One stream of a connection, as a service sees it: a byte pipe in each direction.
// Thread-safety: Read/Write/Close from the service's thread; the connection feeds it.
class Stream {
 public:
  Stream(Connection* connection, std::uint32_t local_id, std::uint32_t remote_id)
      : connection_(connection), local_id_(local_id), remote_id_(remote_id) {}
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  // Up to max bytes, waiting for at least one; "" when the host closed the stream (or the
  // connection dropped) and nothing is left.
  std::string ReadSome(std::size_t max);
  // Exactly n bytes; false when the stream ended first (what arrived is in *out).
  bool ReadExactly(std::size_t n, std::string* out);
  // Sends bytes as WRTEs of at most the host's maxdata, each after the OKAY of the one
  // before (adb's flow control). False when the stream or connection is gone.
  bool Write(const std::string& bytes);
  // Sends CLSE once; later calls do nothing.
  void Close();

  // Called by the connection's reader.
  void Deliver(std::string bytes);
  void Acknowledge();
  void RemoteClosed();

 private:
  Connection* connection_;
  std::uint32_t local_id_, remote_id_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string inbox_;
  bool remote_closed_ = false;
  bool okay_pending_ = false;  // a WRTE is waiting for its OKAY
  bool closed_ = false;
};

// A service: runs on its own thread with the stream of one OPEN.
using ServiceFn = std::function<void(Stream&)>;
// Chooses the service for an OPEN's name ("shell,v2,raw:ls", "sync:"...); an empty function
// refuses the OPEN (the host sees the stream closed at once).
using ServiceRouter = std::function<ServiceFn(const std::string& name)>;

struct DeviceBanner {
  std::string product, model, device;
  std::vector<std::string> features;  // advertised in the CNXN banner
};

// Serves one accepted socket until the host disconnects (or Stop()), then joins every
// stream's thread. Takes ownership of fd.
class Connection {
 public:
  Connection(int fd, DeviceBanner banner, ServiceRouter router);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Reads messages until the socket ends; blocking.
  void Serve();
  // Shuts the socket down, so Serve() returns.
  void Stop();

  // Sends one message; false when the socket is gone. Thread-safe.
  bool Send(std::uint32_t command, std::uint32_t arg0, std::uint32_t arg1, const std::string& data);
  std::size_t max_payload() const { return max_payload_; }

 private:
  bool ReadMessage(std::uint32_t* command, std::uint32_t* arg0, std::uint32_t* arg1,
                   std::string* data);
  void Open(std::uint32_t remote_id, std::string name);
  // Joins the threads of finished streams (a long session opens thousands of streams).
  void ReapFinished();

  int fd_;
  DeviceBanner banner_;
  ServiceRouter router_;
  std::mutex write_mu_;
  std::mutex streams_mu_;
  std::map<std::uint32_t, std::shared_ptr<Stream>> streams_;
  std::map<std::uint32_t, std::thread> threads_;  // by stream id
  std::vector<std::uint32_t> finished_;           // streams whose thread is ending
  std::uint32_t next_id_ = 1;
  std::size_t max_payload_ = 4096;  // until the host's CNXN says more
  bool connected_ = false;
};

}  // namespace appvault::phone
