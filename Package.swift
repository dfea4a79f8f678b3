// swift-tools-version:6.1
import PackageDescription

/// Where libxml2's headers are (`pkg-config --cflags libxml-2.0` on Debian).
let libxml2Include = "/usr/include/libxml2"
let libxml2Headers = CSetting.unsafeFlags(["-I" + libxml2Include])
/// The same for Swift code that imports `CLibXML2` (`BriefValidate`) or, in a release build with
/// cross-module optimization, reads code that does (the executable).
let libxml2HeadersForSwift = SwiftSetting.unsafeFlags(["-Xcc", "-I" + libxml2Include])

let package = Package(
    name: "marketbrief",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "marketbrief", targets: ["marketbrief"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Binance's public data archive: the SHA-256 checksums of its zips.
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        // Value types and the pure analysis: no dependencies.
        .target(name: "BriefCore"),
        // Parsers for the documented input formats.
        // The only target importing zlib and swift-crypto (the archive venue).
        .target(name: "BriefCollect", dependencies: [
            "BriefCore", "CCurlLoader", "CZlib",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // zlib (Debian: zlib1g-dev): inflate and CRC-32 for the archive's zips, which
        // `ArchiveZip` reads itself, checking every offset a zip gives.
        .systemLibrary(name: "CZlib"),
        // libcurl, loaded at the first request (dlopen): every other command starts without it.
        .target(name: "CCurlLoader", linkerSettings: [.linkedLibrary("dl")]),
        // The only target that imports GRDB (and, for the hot paths, the SQLite C API).
        .target(name: "BriefStore", dependencies: [
            "BriefCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // Views, number formatting and our compiled Mustache templates.
        .target(name: "BriefRender", dependencies: ["BriefCore"]),
        // libxml2's headers from the system (Debian: libxml2-dev). Not linked: CLibXML2Loader
        // loads the library at the first page checked (dlopen), so commands that check no page
        // start without it and the libraries it needs (ICU among them: 1.8 ms of each start).
        // Hence no pkg-config here (it would link it): the headers' folder is given below.
        .systemLibrary(name: "CLibXML2"),
        .target(name: "CLibXML2Loader", dependencies: ["CLibXML2"], cSettings: [libxml2Headers],
                linkerSettings: [.linkedLibrary("dl")]),
        // The only target that imports libxml2.
        .target(name: "BriefValidate", dependencies: ["CLibXML2", "CLibXML2Loader"],
                swiftSettings: [libxml2HeadersForSwift]),
        // renameat2(RENAME_EXCHANGE): swaps a new folder (a brief, the site) in atomically.
        .target(name: "CSiteSwap"),
        // `verify`: every claim of a brief derived again from the store with plain SQL reads and
        // arithmetic of its own (it uses BriefCore's value types, never its analysis).
        .target(name: "BriefVerify", dependencies: [
            "BriefCore", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // Orchestration shared by the CLI and the end-to-end tests.
        .target(name: "BriefPipeline", dependencies: [
            "BriefCore", "BriefCollect", "BriefStore", "BriefRender", "BriefValidate", "CSiteSwap",
        ]),
        // The static site: plan, render, check, stage, swap.
        .target(name: "BriefPublish", dependencies: [
            "BriefCore", "BriefRender", "BriefValidate", "BriefPipeline", "BriefStore",
        ]),
        // Sending briefs and alerts: e-mail (SMTP with STARTTLS) and chat webhooks, through the
        // libcurl that CCurlLoader loads.
        .target(name: "BriefDeliver", dependencies: ["BriefCore", "BriefRender", "BriefPipeline", "CCurlLoader"]),
        .target(name: "BriefMorning", dependencies: [
            "BriefCore", "BriefCollect", "BriefStore", "BriefPipeline", "BriefPublish", "BriefRender", "BriefDeliver",
        ]),
        .executableTarget(
            name: "marketbrief",
            dependencies: [
                "BriefCore", "BriefCollect", "BriefStore", "BriefPipeline", "BriefPublish", "BriefRender", "BriefVerify", "BriefMorning", "BriefDeliver",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // A release binary carries the Swift libraries in itself: a command starts in a few
            // milliseconds instead of about 18 (loading and relocating shared libraries), which
            // was most of a `diff`. It allocates with jemalloc (Debian: libjemalloc-dev to build,
            // libjemalloc2 to run): about a tenth less CPU a brief and a fifth less a published
            // page than glibc's malloc (docs/performance.md, session 12). Linked, not static:
            // `-static-stdlib` hides the symbols of static archives, so a static jemalloc would
            // allocate beside glibc's malloc instead of replacing it.
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release)),
                            libxml2HeadersForSwift],
            linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release)),
                             .linkedLibrary("jemalloc", .when(platforms: [.linux], configuration: .release))]
        ),
        .testTarget(name: "BriefCoreTests", dependencies: ["BriefCore"]),
        .testTarget(name: "BriefCollectTests", dependencies: ["BriefCollect"]),
        .testTarget(name: "BriefStoreTests", dependencies: ["BriefStore", "BriefCollect", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "BriefRenderTests", dependencies: ["BriefRender", "BriefValidate"], exclude: ["MustacheSpec"]),
        .testTarget(name: "BriefValidateTests", dependencies: ["BriefValidate"]),
        .testTarget(name: "BriefPipelineTests", dependencies: ["BriefPipeline", "BriefVerify", "BriefValidate", .product(name: "GRDB", package: "GRDB.swift"),
                                                             "CZlib",
                                                             .product(name: "Crypto", package: "swift-crypto")],
                    exclude: ["Golden"]),
        .testTarget(name: "BriefPublishTests", dependencies: ["BriefPublish", "BriefPipeline", "BriefStore"]),
    ],
    swiftLanguageModes: [.v6]
)
