import ArgumentParser
import BriefPipeline
import Foundation

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented project file (marketbrief.json) and its drop folders here.",
        discussion: "Edit the file, then run `marketbrief daily` every morning. docs/config.md explains every key."
    )

    @Option(help: "Where to write the project file.")
    var file = Project.defaultName

    func run() throws {
        try reportingErrors {
            guard !FileManager.default.fileExists(atPath: file) else {
                throw PipelineError.setup("\(file) exists already; edit it, or remove it to start again")
            }
            let folder = URL(fileURLWithPath: file).deletingLastPathComponent().standardizedFileURL.path
            // Folder by folder, none through a link: a linked inbox/ is refused, not written through.
            for inbox in ["inbox/csv", "inbox/farside-btc"] { try FileTree.makeFolders(inbox, under: folder) }
            do {
                try Data(Self.template.utf8).write(to: URL(fileURLWithPath: file), options: .withoutOverwriting)
            } catch {
                throw PipelineError.output("cannot write \(file): \(error.localizedDescription)")
            }
            print("Wrote \(file) and the drop folders inbox/csv and inbox/farside-btc. Edit it, then run `marketbrief daily`.")
        }
    }

    static let template = """
        // marketbrief project file: what `marketbrief daily` does every morning (docs/config.md).
        // Every key is optional, and a flag on the command line overrides the file. Comments are
        // whole lines starting with //. Paths are relative to this file's folder.
        {
          // Output folder: briefs/, site/ and the store of real data (marketbrief.sqlite).
          "output": "output",

          // The assets briefed every day.
          "assets": ["BTC", "ETH"],

          // Thresholds (docs/config.md). Without it, the bundled config/thresholds.json.
          // "thresholds": "thresholds.json",

          // The public APIs and archives `daily` collects from, each with its assets (no key needed).
          // binance-archive (Binance's public data archive: closes, funding and open interest for
          // years back, a day or two late) brings each asset's history on its first morning; then
          // binance (closes, funding, open interest of the last 30 days, ETH/BTC) brings each new
          // day. okx serves closes, funding, ETH/BTC and open interest of about 100 days; bybit funding
          // and open interest back to each contract's launch. Several venues make open interest and
          // funding the market's: summed, and weighted by open interest, across them.
          "collect": [
            {"venue": "binance-archive", "assets": ["BTC", "ETH"]},
            {"venue": "binance", "assets": ["BTC", "ETH"]}
          ],

          // Years of history (1 to 10) an asset's first collection brings: the range its first
          // brief ranks open interest and funding in.
          "history_years": 2,

          // Days before the first missing day collected again, to take in a venue's revisions.
          "collect_overlap_days": 3,

          // Folders whose files `daily` imports every run (importing a file again changes nothing).
          // format: csv (daily metrics or transfers, docs/data-format.md), farside, whale-alert,
          // coinglass or netflow; farside, coinglass and netflow need the asset.
          "drop_folders": [
            {"path": "inbox/csv", "format": "csv"},
            {"path": "inbox/farside-btc", "format": "farside", "asset": "BTC"}
          ]

          // The site's public address: absolute feed links and sitemap.xml.
          // ,"base_url": "https://example.org/briefs/"

          // The site's name in its banner, home page title and feed.
          // ,"site_title": "Our desk's morning brief"

          // Run after a publish that changed the site, in this folder, with MARKETBRIEF_SITE set
          // to the site's folder (deploy/ has rsync and S3 examples).
          // ,"deploy": "deploy/rsync.sh user@host:/var/www/briefs/"
        }

        """
}
