ITEMS = {"1": {"id": "1", "name": "ada"}, "2": {"id": "2", "name": "grace"}}
