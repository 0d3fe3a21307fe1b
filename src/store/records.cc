#include "store/records.h"

#include <string>

namespace appvault::store {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kUser:
      return "user";
    case Role::kPublisher:
      return "publisher";
    case Role::kAdmin:
      return "admin";
  }
  return "user";
}

Result<Role> ParseRole(std::string_view text) {
  if (text == "user") return Role::kUser;
  if (text == "publisher") return Role::kPublisher;
  if (text == "admin") return Role::kAdmin;
  return Status(StatusCode::kInvalidArgument,
                "unknown role \"" + std::string(text) + "\" (expected user, publisher or admin)");
}

}  // namespace appvault::store
