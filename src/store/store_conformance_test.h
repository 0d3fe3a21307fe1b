// The MetadataStore conformance suite: every implementation must pass it. Instantiate it
// once per implementation with a Factory (see store_conformance_fixture.h):
//
//     namespace appvault::store::conformance {
//     INSTANTIATE_STORE_CONFORMANCE(Sqlite, SqliteFactory);
//     }
#pragma once

#include "store/store_conformance_accounts.h"
#include "store/store_conformance_data.h"
#include "store/store_conformance_gc.h"
#include "store/store_conformance_library.h"
#include "store/store_conformance_snapshots.h"

// Instantiates every part of the suite for one Factory; `prefix` names the implementation.
// Use inside namespace appvault::store::conformance.
#define INSTANTIATE_STORE_CONFORMANCE(prefix, Factory)                                    \
  INSTANTIATE_TYPED_TEST_SUITE_P(prefix, AccountsConformance, ::testing::Types<Factory>); \
  INSTANTIATE_TYPED_TEST_SUITE_P(prefix, LibraryConformance, ::testing::Types<Factory>);  \
  INSTANTIATE_TYPED_TEST_SUITE_P(prefix, DataConformance, ::testing::Types<Factory>);     \
  INSTANTIATE_TYPED_TEST_SUITE_P(prefix, SnapshotConformance, ::testing::Types<Factory>); \
  INSTANTIATE_TYPED_TEST_SUITE_P(prefix, GcConformance, ::testing::Types<Factory>)
