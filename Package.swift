// swift-tools-version:6.0
import PackageDescription

let releaseSpeed: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "filesearch",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "FileSearch", targets: ["FileSearch"]),
        .library(name: "FileSearchFTS5", targets: ["FileSearchFTS5"]),
        .executable(name: "filesearch", targets: ["filesearch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CLZ4",
            pkgConfig: "liblz4",
            providers: [.apt(["liblz4-dev"])]
        ),
        .target(
            name: "FileSearch",
            dependencies: [
                "CZlib",
                "CLZ4",
                .product(name: "Collections", package: "swift-collections"),
            ],
            exclude: ["Index/FORMAT.md", "Text/generate-entities.py", "Text/generate-folding.py"],
            swiftSettings: releaseSpeed
        ),
        .target(
            name: "FileSearchFTS5",
            dependencies: ["FileSearch", "CSQLite"],
            swiftSettings: releaseSpeed
        ),
        .executableTarget(
            name: "filesearch",
            dependencies: [
                "FileSearch",
                "FileSearchFTS5",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: releaseSpeed
        ),
        .executableTarget(
            name: "filesearch-bench",
            dependencies: ["FileSearch", "FileSearchFTS5"],
            path: "Benchmarks/Sources/filesearch-bench",
            swiftSettings: releaseSpeed
        ),
        .testTarget(
            name: "FileSearchTests",
            dependencies: ["FileSearch"],
            exclude: ["Text/generate-stem-fixture.py", "Text/porter2-fixture.tsv"]
        ),
        .testTarget(name: "FileSearchFTS5Tests", dependencies: ["FileSearch", "FileSearchFTS5"]),
        .testTarget(name: "CLITests", dependencies: ["filesearch", "FileSearch"]),
    ]
)
