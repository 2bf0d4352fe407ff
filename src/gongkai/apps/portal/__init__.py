"""The public portal (政府信息公开专栏): every organization's disclosure columns, no login."""
