// The scanner against a signature database made at test time. The EICAR anti-virus test
// string is built here from a shifted copy, so the repository never holds it.
#include <gtest/gtest.h>

#include <filesystem>

#include "scan/clamav_scanner.h"
#include "support/files.h"
#include "support/temp_dir.h"

namespace appvault::scan {
namespace {

std::string Eicar() {
  // Each character of the EICAR test string, plus one.
  const std::string shifted =
      "Y6P\"Q&ABQ\\5]Q[Y65)Q_*8DD*8~%FJDBS.TUBOEBSE.BOUJWJSVT.UFTU.GJMF\"%I,I+";
  std::string out;
  for (char c : shifted)
    out += static_cast<char>(c - 1);
  return out;
}

std::string Hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

class ScanTest : public ::testing::Test {
 protected:
  void SetUp() override { Write("test.ndb", "Appvault.Test.EICAR:0:*:" + Hex(Eicar()) + "\n"); }

  std::string Write(const std::string& name, const std::string& bytes) {
    appvault::test::WriteFile(tmp_.Join(name), bytes);
    return tmp_.Join(name);
  }

  appvault::test::TempDir tmp_{"scan"};
  const std::filesystem::path dir_ = tmp_.path();
};

TEST_F(ScanTest, EicarStringIsTheStandardOne) {
  EXPECT_EQ(Eicar().size(), 68u);
  EXPECT_EQ(Eicar().substr(0, 3), "X5O");
  EXPECT_EQ(Eicar().substr(Eicar().size() - 4), "H+H*");
}

TEST_F(ScanTest, DetectsInfectedAndPassesClean) {
  auto scanner = ClamavScanner::Load((dir_ / "test.ndb").string());
  ASSERT_TRUE(scanner.ok()) << scanner.status().ToString();
  EXPECT_NE((*scanner)->Describe().find("1 signatures"), std::string::npos);
  auto infected = (*scanner)->ScanFile(Write("infected.bin", "prefix " + Eicar() + " suffix"));
  ASSERT_TRUE(infected.ok()) << infected.status().ToString();
  EXPECT_EQ(infected->detection.value_or(""), "Appvault.Test.EICAR.UNOFFICIAL");
  auto clean = (*scanner)->ScanFile(Write("clean.bin", "an ordinary file"));
  ASSERT_TRUE(clean.ok());
  EXPECT_FALSE(clean->infected());
}

TEST_F(ScanTest, DetectsInsideAZip) {
  Write("eicar.txt", Eicar());
  std::string zip = (dir_ / "app.zip").string();
  std::string cmd = "cd " + dir_.string() + " && zip -q -9 app.zip eicar.txt";
  ASSERT_EQ(appvault::test::RunShell(cmd), 0);
  auto scanner = ClamavScanner::Load((dir_ / "test.ndb").string());
  ASSERT_TRUE(scanner.ok());
  auto verdict = (*scanner)->ScanFile(zip);
  ASSERT_TRUE(verdict.ok()) << verdict.status().ToString();
  EXPECT_TRUE(verdict->infected());
}

TEST_F(ScanTest, BadDatabaseIsAnErrorNotASilentPass) {
  EXPECT_FALSE(ClamavScanner::Load((dir_ / "missing.ndb").string()).ok());
  Write("broken.ndb", "this is not a signature line\n");
  auto broken = ClamavScanner::Load((dir_ / "broken.ndb").string());
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("broken.ndb"), std::string::npos);
}

TEST_F(ScanTest, UnreadableFileIsAnError) {
  auto scanner = ClamavScanner::Load((dir_ / "test.ndb").string());
  ASSERT_TRUE(scanner.ok());
  EXPECT_EQ((*scanner)->ScanFile((dir_ / "nope").string()).status().code(),
            StatusCode::kUnavailable);
}

TEST(NoScannerTest, IsOff) {
  EXPECT_EQ(NoScanner()->Describe(), "off");
  EXPECT_FALSE(NoScanner()->ScanFile("/nonexistent")->infected());
}

}  // namespace
}  // namespace appvault::scan
