"""Chinese full-text search (全文检索) over what the portal publishes: items, 第二十条 registers, annual reports
and the catalogue; site-wide, per body, and for staff over their own drafts and applications."""
