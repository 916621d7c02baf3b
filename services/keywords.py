"""Words people search by that a service's own name may not use: 展示会 finds the trade-fair services.

Added to each service's search text by category, in Japanese and English. They
widen what a search finds; they are never shown.
"""

CATEGORY_KEYWORDS = {
    "investment_support": "対日投資 投資 日本進出 拠点設立 会社設立 invest investment inward setup",
    "regulations_procedures": "規制 手続き 法令 制度 許認可 regulation regulations procedures law",
    "business_development": "商談 ビジネスマッチング マッチング 販路開拓 matching partners",
    "startup_support": "スタートアップ ベンチャー 起業 startup startups venture",
    "events_trade_fairs": "展示会 見本市 トレードフェア 商談会 博覧会 trade fair fairs exhibition expo",
    "import_promotion": "輸入 輸入促進 import imports",
    "export_promotion": "輸出 輸出支援 海外展開 export exports",
    "market_intelligence": "市場調査 市場情報 調査 レポート 統計 market research report statistics",
    "intellectual_property": "知的財産 知財 特許 商標 模倣品 patent trademark counterfeit ip",
    "research": "研究 調査研究 アジア経済研究所 research economics",
}


def keywords_for(category):
    return CATEGORY_KEYWORDS.get(category, "")
