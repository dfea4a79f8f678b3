import BriefCore
import Foundation

/// Large transfers in Whale Alert's transaction JSON (`{"transactions":[{"id","symbol","hash",
/// "timestamp" (s),"amount","amount_usd","from":{"owner","owner_type"},"to":{…}}]}`). A transfer to
/// an exchange from a wallet that is not one counts as sold, any other (between exchange
/// wallets included) as moved. Whale Alert does not report how long the coins
/// were dormant: `dormant_years` is read when an enriched export carries it, else unknown (a
/// large sale of unknown age is named in the brief; it can't be ruled a dormant-whale sale).
enum WhaleAlertFile {
    private struct Payload: Decodable {
        var transactions: [Transaction]
    }

    private struct Party: Decodable {
        var owner: String?
        var owner_type: String?
    }

    private struct Transaction: Decodable {
        var id: FlexibleString?
        var hash: String?
        var symbol: String?
        var timestamp: FlexibleString?
        var amount: FlexibleString?
        var amount_usd: FlexibleString?
        var dormant_years: FlexibleString?
        var from: Party?
        var to: Party?
    }

    static func parse(_ data: Data, file: String, source: String, latestDay: Day) throws(InputError) -> [Transfer] {
        let payload = try decodeExport(Payload.self, data, file: file)
        var transfers: [Transfer] = []
        var problems = ProblemList()
        for (index, transaction) in payload.transactions.enumerated() {
            func problem(_ field: String, _ reason: String) {
                problems.add(InputProblem(file: file, line: 0, field: "transactions[\(index)].\(field)", reason: reason))
            }
            guard let hash = transaction.hash ?? transaction.id?.value, !hash.isEmpty else { problem("hash", "required"); continue }
            // The transfers file's rules for an id: what is stored can be exported and read back.
            let id: String
            do { id = try FieldParsing.plainText(hash, maxLength: 100) } catch {
                if case .reason(let reason) = error { problem("hash", reason) }
                continue
            }
            guard let asset = transaction.symbol.flatMap({ Asset($0.uppercased()) }) else { problem("symbol", "not an asset code"); continue }
            guard let seconds = transaction.timestamp.flatMap({ FieldParsing.whole($0.value, digits: 1...19) }), seconds > 0 else {
                problem("timestamp", "not a time in seconds"); continue
            }
            // 2009-01-03 (Bitcoin's first block) to 9999: anything else is a time in other units.
            guard (1_230_940_800...253_402_300_799).contains(seconds) else {
                problem("timestamp", "\(seconds) is not a time in seconds after 2009 (milliseconds?)"); continue
            }
            let day = EpochTime.day(ofMilliseconds: seconds * 1000)
            guard day <= latestDay else { problem("timestamp", "\(day) is in the future"); continue }
            guard let amount = transaction.amount?.number else { problem("amount", "must be a number above zero"); continue }
            guard let usd = transaction.amount_usd?.number else { problem("amount_usd", "must be a number, zero or more"); continue }
            let dormant = transaction.dormant_years.map { $0.number ?? -1 }
            var plausible = true
            for (field, check) in [("amount", { () throws(FieldParsing.Failure) in try PlausibleTransfer.checkAmount(amount) }),
                                   ("amount_usd", { () throws(FieldParsing.Failure) in try PlausibleTransfer.checkUSD(usd) }),
                                   ("dormant_years", { () throws(FieldParsing.Failure) in if let dormant { try PlausibleTransfer.checkDormantYears(dormant) } })] {
                do { try check() } catch {
                    if case .reason(let reason) = error { problem(field, reason) }
                    plausible = false
                }
            }
            guard plausible else { continue }
            let secondOfDay = Int(seconds % 86_400)
            let time = "\(day)T" + [secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60]
                .map { $0 < 10 ? "0\($0)" : "\($0)" }.joined(separator: ":") + "Z"
            // Coins reaching an exchange from outside one are sold; between exchange wallets
            // (one exchange's, or two exchanges') they are moved, as between any other wallets.
            let toExchange = transaction.to?.owner_type?.lowercased() == "exchange"
                && transaction.from?.owner_type?.lowercased() != "exchange"
            let label = "from \(transaction.from?.owner ?? "unknown wallet") to \(transaction.to?.owner ?? "unknown wallet")"
            transfers.append(Transfer(id: id, time: time, day: day, asset: asset, amount: amount, usdValue: usd,
                                      dormantYears: dormant, action: toExchange ? .sold : .moved, rotatedInto: nil,
                                      label: PrintableText.of(PrintableText.limited(label, characters: 200)),
                                      source: source))
        }
        try problems.throwIfAny()
        return transfers
    }
}

/// Liquidations in CoinGlass's v4 form: `{"code":"0","data":[{"time" (ms),
/// "aggregated_long_liquidation_usd","aggregated_short_liquidation_usd"}]}`, one row per day.
enum CoinGlassFile {
    private struct Payload: Decodable {
        var code: FlexibleString?
        var msg: String?
        var data: [Row]?
    }

    private struct Row: Decodable {
        var time: FlexibleString?
        var aggregated_long_liquidation_usd: FlexibleString?
        var aggregated_short_liquidation_usd: FlexibleString?
    }

    static func parse(_ data: Data, file: String, asset: Asset, source: String, latestDay: Day) throws(InputError) -> [MetricSample] {
        let payload = try decodeExport(Payload.self, data, file: file)
        guard payload.code?.value == "0", let rows = payload.data else {
            throw InputError(problems: [InputProblem(file: file, line: 0, field: "code",
                                                     reason: "CoinGlass reported an error: \(payload.code?.value ?? "no code") \(payload.msg ?? "")")])
        }
        var samples: [MetricSample] = []
        var problems = ProblemList()
        var seen = Set<Day>()
        for (index, row) in rows.enumerated() {
            func problem(_ field: String, _ reason: String) {
                problems.add(InputProblem(file: file, line: 0, field: "data[\(index)].\(field)", reason: reason))
            }
            guard let ms = row.time.flatMap({ FieldParsing.whole($0.value, digits: 1...19) }), ms > 0 else { problem("time", "not a time in ms"); continue }
            guard (1_230_940_800_000...253_402_300_799_000).contains(ms) else {
                problem("time", "\(ms) is not a time in milliseconds after 2009 (seconds?)"); continue
            }
            let day = EpochTime.day(ofMilliseconds: ms)
            guard day <= latestDay else { problem("time", "\(day) is in the future"); continue }
            guard seen.insert(day).inserted else { problem("time", "\(day) given twice"); continue }
            for (field, metric, text) in [("aggregated_long_liquidation_usd", Metric.longLiquidationsUSD, row.aggregated_long_liquidation_usd),
                                          ("aggregated_short_liquidation_usd", .shortLiquidationsUSD, row.aggregated_short_liquidation_usd)] {
                guard let value = text?.number else { problem(field, "must be a number, zero or more"); continue }
                do { try metric.checkPlausible(value) } catch {
                    if case .reason(let reason) = error { problem(field, reason) }
                    continue
                }
                samples.append(MetricSample(asset: asset, day: day, metric: metric, value: value, source: source))
            }
        }
        try problems.throwIfAny()
        return samples
    }
}

/// Decodes an export's JSON, naming the file and what was wrong.
private func decodeExport<T: Decodable>(_ type: T.Type, _ data: Data, file: String) throws(InputError) -> T {
    if let (line, field, reason) = UTF8Text.refusal(of: data) {
        throw InputError(problems: [InputProblem(file: file, line: line, field: field, reason: reason)])
    }
    let decoded: T
    do {
        decoded = try JSONSyntax.decodeStrictly(type, from: data)
    } catch let problem {
        throw InputError(problems: [InputProblem(file: file, line: 0, field: problem.path.isEmpty ? "json" : problem.path, reason: problem.reason)])
    }
    if let key = DuplicateKeys.first(in: data) {
        throw InputError(problems: [InputProblem(file: file, line: 0, field: key, reason: "given twice in one object (which value is meant?)")])
    }
    return decoded
}
