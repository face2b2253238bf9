"""Language negotiation and the user-interface strings in every site language."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date
from starlette.requests import Request

from aiwiki.domain.enums import LANGUAGES

LANG_COOKIE = "lang"
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
BABEL_LOCALES = {"en": "en", "zh": "zh_Hans_CN"}

UI: dict[str, dict[str, str]] = {
    "en": {
        "results": "Results", "did_you_mean": "Did you mean", "result_count": "{n} result(s) for “{q}”",
        "pages": "Pages", "no_results": "Nothing matched.", "try_instead": "Try",
        "search_intro": "Type a concept, an acronym, a misspelling or a Chinese phrase.",
        "or_follow": "Or follow a learning path:", "facet_tag": "Tags", "facet_category": "Categories",
        "facet_level": "Level", "facet_kind": "Kind", "facet_language": "Language",
        "en": "English", "zh": "中文",
        "search": "Search", "search_placeholder": "Search concepts — attention, KV cache, 注意力…",
        "home": "Home", "glossary": "Glossary", "categories": "Categories", "paths": "Learning paths",
        "levels": "Levels", "recent": "Recently changed", "review": "Review",
        "why_it_matters": "Why it matters", "tags": "Tags", "aliases": "Also known as",
        "in_paths": "In learning paths", "step_of": "Step {n} of {m}", "next": "Next",
        "previous": "Previous", "topics": "topics", "topic_count": "{n} topic(s)",
        "beginner": "Beginner", "intermediate": "Intermediate", "advanced": "Advanced",
        "all_levels": "All levels", "all_categories": "All categories",
        "fallback_note": "Not yet translated; shown in {lang}.",
        "needs_review": "Needs review", "needs_review_note": "An editor should check this topic:",
        "not_found": "Page not found", "back_home": "Back to the home page",
        "theme": "Theme", "language": "Language", "kind": "Kind", "level": "Level",
        "updated": "Updated {date}", "revision": "revision {n}",
        "review_intro": "Imported text a human should confirm, with the file and line it came "
                        "from.",
        "nothing_to_review": "Nothing needs review.", "source": "Source",
        "declared_count": "The source page listed {n}.", "start_path": "Start the path",
        "next_up": "Next up", "progress": "Your progress", "mark_done": "Mark as done",
        "steps": "{n} steps", "description": "Description", "letter_jump": "Jump to letter",
        "filter": "Filter", "apply": "Apply", "api": "API", "no_topics": "No topics here yet.",
        "explore": "Explore by level", "browse_all": "Browse the glossary",
        "skip": "Skip to content", "theme_light": "Light theme", "theme_dark": "Dark theme",
        "theme_system": "Theme follows the system", "topic": "Topic", "reason": "Reason",
        "path_complete": "You have finished this path.",
        "step_n": "Step {n}",
        "tagline": "Understand one AI concept at a time, in English and 中文.",
        "not_found_hint": "The link may be old or the topic may have moved. Try a search, or "
                          "start from the glossary.",
        "error_hint": "Please try again in a moment.",
        "path_overview": "{n} steps: {levels}",
        "about_topic": "About this topic",
        "main_nav": "Main", "breadcrumb": "Breadcrumb",
        "kind_concept": "Concept", "kind_term": "Term", "kind_model": "Model",
        "kind_paper": "Paper", "kind_company": "Company", "kind_product": "Product",
        "kind_dataset": "Dataset", "kind_person": "Person",
        "results_n": "{n} results for “{q}”", "results_1": "1 result for “{q}”",
        "no_results_for": "Nothing matched “{q}”.",
        "no_results_hint": "Check the spelling, try fewer or more general words, or start from "
                           "one of these:",
        "search_without_filters": "Search again without filters",
        "active_filters": "Active filters", "remove_filter": "remove filter",
        "clear_filters": "Clear all", "show_more": "{n} more", "page_n": "Page {n}",
        "notice_truncated": "Your query was long, so only its first {n} characters were "
                            "searched.",
        "notice_words": "Only the first {n} words of your query were searched.",
    },
    "zh": {
        "results": "搜索结果", "did_you_mean": "您是不是要找", "result_count": "“{q}”共 {n} 条结果",
        "pages": "分页", "no_results": "没有找到匹配的内容。", "try_instead": "试试",
        "search_intro": "输入概念、缩写、拼错的词或中文短语都可以。",
        "or_follow": "或者跟着学习路径走：", "facet_tag": "标签", "facet_category": "分类",
        "facet_level": "难度", "facet_kind": "类型", "facet_language": "语言",
        "en": "English", "zh": "中文",
        "search": "搜索", "search_placeholder": "搜索概念 —— 注意力、KV cache、RLHF…",
        "home": "首页", "glossary": "术语表", "categories": "分类", "paths": "学习路径",
        "levels": "难度", "recent": "最近更新", "review": "待审核",
        "why_it_matters": "为什么重要", "tags": "标签", "aliases": "别名",
        "in_paths": "所属学习路径", "step_of": "第 {n} 步，共 {m} 步", "next": "下一步",
        "previous": "上一步", "topics": "个主题", "topic_count": "{n} 个主题",
        "beginner": "入门", "intermediate": "中级", "advanced": "高级",
        "all_levels": "全部难度", "all_categories": "全部分类",
        "fallback_note": "尚未翻译；以下显示{lang}原文。",
        "needs_review": "待审核", "needs_review_note": "此主题需要编辑确认：",
        "not_found": "页面不存在", "back_home": "返回首页",
        "theme": "主题", "language": "语言", "kind": "类型", "level": "难度",
        "updated": "更新于 {date}", "revision": "第 {n} 版",
        "review_intro": "以下导入内容需要人工确认，并注明其来源文件与行号。",
        "nothing_to_review": "暂无待审核内容。", "source": "来源",
        "declared_count": "来源页面标注为 {n} 个。", "start_path": "开始学习",
        "next_up": "下一个", "progress": "学习进度", "mark_done": "标记为已学",
        "steps": "{n} 步", "description": "简介", "letter_jump": "按字母跳转",
        "filter": "筛选", "apply": "应用", "api": "API", "no_topics": "这里还没有主题。",
        "explore": "按难度浏览", "browse_all": "浏览术语表",
        "skip": "跳到正文", "theme_light": "浅色主题", "theme_dark": "深色主题",
        "theme_system": "主题跟随系统", "topic": "主题", "reason": "原因",
        "path_complete": "你已学完这条路径。",
        "step_n": "第 {n} 步", "tagline": "一次弄懂一个 AI 概念，中英双语。",
        "not_found_hint": "链接可能已过期，或主题已移动。试试搜索，或从术语表开始。",
        "error_hint": "请稍后再试。",
        "path_overview": "共 {n} 步：{levels}",
        "about_topic": "关于此主题",
        "main_nav": "主导航", "breadcrumb": "面包屑导航",
        "kind_concept": "概念", "kind_term": "术语", "kind_model": "模型",
        "kind_paper": "论文", "kind_company": "公司", "kind_product": "产品",
        "kind_dataset": "数据集", "kind_person": "人物",
        "results_n": "“{q}”共 {n} 条结果", "results_1": "“{q}”共 1 条结果",
        "no_results_for": "没有找到与“{q}”匹配的内容。",
        "no_results_hint": "检查一下拼写，换用更少或更常见的词，或者从这些开始：",
        "search_without_filters": "去掉筛选条件再搜一次",
        "active_filters": "已选筛选条件", "remove_filter": "移除此筛选",
        "clear_filters": "全部清除", "show_more": "另外 {n} 项", "page_n": "第 {n} 页",
        "notice_truncated": "查询过长，只搜索了前 {n} 个字符。",
        "notice_words": "只搜索了查询中的前 {n} 个词。",
    },
}


def negotiate(request: Request, default: str) -> str:
    """?lang= first, then the cookie the switch sets, then Accept-Language."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in LANGUAGES:
        return cookie
    header = request.headers.get("accept-language", "")
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return default


def translator(lang: str) -> dict[str, str]:
    return UI.get(lang, UI["en"])


def human_date(value: datetime, lang: str) -> str:
    return format_date(value, format="medium", locale=BABEL_LOCALES.get(lang, "en"))
