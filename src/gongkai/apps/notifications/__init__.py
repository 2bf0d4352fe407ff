"""In-app and e-mail notifications (消息提醒): work sent to a person, due dates, the daily digest."""
