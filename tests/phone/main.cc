// phone-emulator: an Android 14 phone as adb sees one over wireless debugging (CONTRACT §8).
//   phone-emulator --state DIR [--listen 127.0.0.1:0] [--root|--no-root] [--sdk N]
//                  [--abis A,B] [--density D] [--locales L,...] [--model M] [--storage-bytes N]
// Prints "listening on HOST:PORT" first, serves until SIGTERM or SIGINT. Profile flags given
// are stored in the state folder; flags left out keep what is stored there.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <list>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "phone/adb_transport.h"
#include "phone/phone.h"
#include "phone/services.h"

namespace appvault::phone {
namespace {

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string part; std::getline(ss, part, ',');) {
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

bool ParseInt(const std::string& s, long long lo, long long hi, long long* out) {
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || v < lo || v > hi) return false;
  *out = v;
  return true;
}

int Usage(const std::string& why) {
  std::cerr
      << "phone-emulator: " << why
      << "\nusage: phone-emulator --state DIR [--listen 127.0.0.1:0] [--root|--no-root] [--sdk N]"
         " [--abis A,B] [--density D] [--locales L,...] [--model M] [--storage-bytes N]\n";
  return 2;
}

struct Flags {
  std::string state, listen = "127.0.0.1:0";
  std::vector<std::pair<std::string, std::string>> profile;  // flag, value, applied in order
};

int ParseFlags(int argc, char** argv, Flags* f) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--root" || a == "--no-root") {
      f->profile.emplace_back(a, "");
      continue;
    }
    if (i + 1 >= argc) return Usage(a + " needs a value");
    std::string v = argv[++i];
    if (a == "--state")
      f->state = v;
    else if (a == "--listen")
      f->listen = v;
    else if (a == "--sdk" || a == "--abis" || a == "--density" || a == "--locales" ||
             a == "--model" || a == "--storage-bytes")
      f->profile.emplace_back(a, v);
    else
      return Usage("unknown flag " + a);
  }
  if (f->state.empty()) return Usage("--state DIR is required");
  return 0;
}

int ApplyProfile(const Flags& f, Profile* p) {
  for (const auto& [flag, v] : f.profile) {
    long long n = 0;
    if (flag == "--root")
      p->root = true;
    else if (flag == "--no-root")
      p->root = false;
    else if (flag == "--sdk") {
      if (!ParseInt(v, 1, 1000, &n)) return Usage("--sdk wants an API level");
      p->sdk = static_cast<int>(n);
    } else if (flag == "--density") {
      if (!ParseInt(v, 1, 10000, &n)) return Usage("--density wants dpi");
      p->density = static_cast<int>(n);
    } else if (flag == "--storage-bytes") {
      if (!ParseInt(v, 0, 1LL << 60, &n)) return Usage("--storage-bytes wants bytes");
      p->storage_bytes = static_cast<std::uint64_t>(n);
    } else if (flag == "--abis") {
      p->abis = SplitList(v);
      if (p->abis.empty()) return Usage("--abis is empty");
    } else if (flag == "--locales") {
      p->locales = SplitList(v);
      if (p->locales.empty()) return Usage("--locales is empty");
    } else if (flag == "--model")
      p->model = v;
  }
  return 0;
}

int Listen(const std::string& spec, std::string* bound) {
  std::size_t colon = spec.rfind(':');
  long long port = 0;
  if (colon == std::string::npos || !ParseInt(spec.substr(colon + 1), 0, 65535, &port)) return -1;
  // The adb server probes 5554-5585 as Android emulators (adb's emulator ports): a phone
  // there would show up twice.
  if (port >= 5554 && port <= 5585) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::inet_pton(AF_INET, spec.substr(0, colon).c_str(), &addr.sin_addr) != 1) return -1;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0) {
    ::close(fd);
    return -1;
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  *bound = spec.substr(0, colon) + ":" + std::to_string(ntohs(addr.sin_port));
  return fd;
}

}  // namespace
}  // namespace appvault::phone

int main(int argc, char** argv) {
  using namespace appvault::phone;
  Flags flags;
  if (int rc = ParseFlags(argc, argv, &flags); rc != 0) return rc;
  auto phone = Phone::Open(flags.state);
  if (!phone.ok()) {
    std::cerr << "phone-emulator: " << phone.status().message() << "\n";
    return 1;
  }
  if (int rc = ApplyProfile(flags, &(*phone)->profile()); rc != 0) return rc;
  if (auto s = (*phone)->Save(); !s.ok()) {
    std::cerr << "phone-emulator: " << s.message() << "\n";
    return 1;
  }
  // SIGTERM/SIGINT are taken by one thread, which closes the listening socket.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::string bound;
  int listen_fd = Listen(flags.listen, &bound);
  if (listen_fd < 0) {
    std::cerr << "phone-emulator: cannot listen on " << flags.listen
              << " (HOST:PORT, not in 5554-5585, which adb probes as emulators)\n";
    return 1;
  }
  std::cout << "listening on " << bound << std::endl;

  Phone* p = phone->get();
  const Profile& prof = p->profile();
  DeviceBanner banner{"appvault_phone",
                      prof.model,
                      "emu",
                      {"shell_v2", "cmd", "stat_v2", "abb_exec", "fixed_push_mkdir"}};
  for (char& c : banner.model)
    if (c == ' ') c = '_';
  std::mutex mu;
  std::list<std::pair<std::shared_ptr<Connection>, std::thread>> connections;
  std::thread signals([&] {
    int sig = 0;
    sigwait(&set, &sig);
    ::shutdown(listen_fd, SHUT_RDWR);
    std::lock_guard lock(mu);
    for (auto& c : connections)
      c.first->Stop();
  });
  while (true) {
    int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      break;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    auto connection = std::make_shared<Connection>(
        fd, banner, [p](const std::string& name) { return RouteService(p, name); });
    std::lock_guard lock(mu);
    connections.emplace_back(connection, std::thread([connection] { connection->Serve(); }));
  }
  signals.join();
  for (auto& c : connections)
    c.second.join();
  connections.clear();
  ::close(listen_fd);
  return 0;
}
