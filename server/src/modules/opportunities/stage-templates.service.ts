import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Page, StageDto, StageTemplateDto, StageKind } from '@wesale/shared';
import { inTransaction, isUniqueViolation } from '../../infra/db';
import { badRequest } from '../../infra/errors';
import { Stage } from './stage.entity';
import { StageTemplate } from './stage-template.entity';

export const DEFAULT_STAGE_TEMPLATE_NAME = '标准销售流程';

export const DEFAULT_STAGES: ReadonlyArray<{ name: string; probability: number; kind: StageKind }> = [
  { name: '初步接洽', probability: 10, kind: 'open' },
  { name: '需求确认', probability: 30, kind: 'open' },
  { name: '方案报价', probability: 50, kind: 'open' },
  { name: '谈判', probability: 70, kind: 'open' },
  { name: '赢单', probability: 100, kind: 'won' },
  { name: '输单', probability: 0, kind: 'lost' },
];

/**
 * Seeds the default sales process once. Several instances may start together: the unique index on the
 * template name lets exactly one insert win; the others roll back and find it there.
 */
export async function ensureDefaultStageTemplate(dataSource: DataSource): Promise<void> {
  if (await dataSource.getRepository(StageTemplate).existsBy({ name: DEFAULT_STAGE_TEMPLATE_NAME })) return;
  try {
    await inTransaction(dataSource, async (em) => {
      const hasDefault = await em.existsBy(StageTemplate, { isDefault: true });
      const { identifiers } = await em.insert(StageTemplate, { name: DEFAULT_STAGE_TEMPLATE_NAME, isDefault: !hasDefault });
      const templateId = String(identifiers[0].id);
      await em.insert(
        Stage,
        DEFAULT_STAGES.map((stage, index) => ({ ...stage, templateId, sortOrder: (index + 1) * 10 })),
      );
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

export function toStageDto(stage: Stage): StageDto {
  return { id: stage.id, name: stage.name, probability: stage.probability, sortOrder: stage.sortOrder, kind: stage.kind };
}

/** Sales processes (销售流程模板) and their ordered stages. */
export class StageTemplatesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<Page<StageTemplateDto>> {
    const templates = await this.dataSource.getRepository(StageTemplate).find({ order: { isDefault: 'DESC', id: 'ASC' } });
    const stages = templates.length
      ? await this.dataSource.getRepository(Stage).find({ where: { templateId: In(templates.map((t) => t.id)) }, order: { sortOrder: 'ASC' } })
      : [];
    return {
      data: templates.map((template) => ({
        id: template.id,
        name: template.name,
        isDefault: template.isDefault,
        stages: stages.filter((stage) => stage.templateId === template.id).map(toStageDto),
      })),
      nextCursor: null,
    };
  }

  /** The template an opportunity follows: the one asked for, or the default; a bad id is a 400. */
  async resolve(em: EntityManager, templateId: string | undefined): Promise<{ template: StageTemplate; stages: Stage[] }> {
    const template = templateId
      ? await em.findOneBy(StageTemplate, { id: templateId })
      : await em.findOne(StageTemplate, { where: { isDefault: true }, order: { id: 'ASC' } });
    if (!template) throw badRequest(templateId ? '销售流程模板不存在' : '还没有默认的销售流程模板', { field: 'templateId' });
    const stages = await em.find(Stage, { where: { templateId: template.id }, order: { sortOrder: 'ASC' } });
    if (!stages.some((stage) => stage.kind === 'open')) throw badRequest(`销售流程「${template.name}」没有可用的阶段`, { field: 'templateId' });
    return { template, stages };
  }
}
