// The device's session with a server, kept in DEVICE/.appvault/session.json (mode 0600),
// the device id the server gave this device (DEVICE/.appvault/device_ids.json), and the
// sign-in check every server command starts with. Layout and rules: docs/client.md.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "client/device.h"
#include "client/net/api_client.h"
#include "client/net/server_connection.h"
#include "core/status.h"

namespace appvault::client {

// One signed-in user on one server.
struct Session {
  std::string server;  // the base URL logged in to, without a trailing '/'
  std::string username;
  std::string token;       // secret: never printed
  std::string expires_at;  // seconds since the Unix epoch, as the server sent it ("" unknown)
};

// The device's session, nullopt when there is none. A session file readable by group or
// others is first restricted to mode 0600. Errors: kInvalidArgument (the file is not a
// session document: the message names the file and says to log in again), kUnavailable (I/O).
Result<std::optional<Session>> LoadSession(const Device& device);

// Stores s as the device's session, replacing any other: a temp file created with mode
// 0600, fsynced, renamed into place. Errors: kUnavailable (I/O); the old file is then kept.
Status SaveSession(const Device& device, const Session& s);

// Removes the device's session file; no file is fine. Errors: kUnavailable (I/O).
Status ClearSession(const Device& device);

// The id the server knows this device by, for s's server and user: the stored one, else the
// device is registered now (POST /v1/devices with its name and profile) and the id stored.
// A stored id the server no longer knows (GET /v1/devices does not list it) is replaced
// by a new registration. Errors: those of ServerConnection::Call, kUnavailable (I/O).
Result<std::string> EnsureDeviceId(const ApiClient& api, const Session& s, const Device& device);

// For commands that need a signed-in user: the connection (with the token) and the session
// of device for server_url. Errors: kUnauthenticated "not logged in to URL: run `appvault
// login USER`" when the device has no session for this server, or its session has expired;
// those of LoadSession. Makes no request.
Result<std::pair<ServerConnection, Session>> ConnectSignedIn(const std::string& server_url,
                                                             const Device& device);

}  // namespace appvault::client
