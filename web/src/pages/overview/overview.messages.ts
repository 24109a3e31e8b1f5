import { messages } from '../../i18n/languages.ts';

export const overview = messages(
  {
    title: 'Security in the Americas',
    intro:
      'Compare the 35 member states of the OAS on traditional indicators (homicides, police, prisons, seizures) and wider outcomes (prevention, treatment, recidivism, trust).',
    aboutIndicator: 'About this indicator',
    mapHeading: '{{indicator}}, {{year}}',
    mapLabel:
      'Map of the member states coloured by {{indicator}} in {{year}}; each state links to its profile',
    mapHint: 'Point at or tab to a state for its value and interval; select it for its profile.',
    subregions: 'Subregions',
    americasValue: 'Americas: {{value}} {{unit}}',
    ranking: 'Ranking',
    rankingCaption: 'Member states by {{indicator}}, {{year}}',
    missing_one: 'No data for {{count}} member state: {{names}}.',
    missing_other: 'No data for {{count}} member states: {{names}}.',
  },
  {
    es: {
      title: 'Seguridad en las Américas',
      intro:
        'Compare los 35 Estados miembros de la OEA en indicadores tradicionales (homicidios, policía, cárceles, incautaciones) y resultados amplios (prevención, tratamiento, reincidencia, confianza).',
      aboutIndicator: 'Sobre este indicador',
      mapHeading: '{{indicator}}, {{year}}',
      mapLabel:
        'Mapa de los Estados miembros coloreados según {{indicator}} en {{year}}; cada Estado enlaza con su perfil',
      mapHint:
        'Señale un Estado o llegue a él con el tabulador para ver su valor e intervalo; selecciónelo para ver su perfil.',
      subregions: 'Subregiones',
      americasValue: 'Américas: {{value}} {{unit}}',
      ranking: 'Clasificación',
      rankingCaption: 'Estados miembros según {{indicator}}, {{year}}',
      missing_one: 'Sin datos para {{count}} Estado miembro: {{names}}.',
      missing_other: 'Sin datos para {{count}} Estados miembros: {{names}}.',
    },
    pt: {
      title: 'Segurança nas Américas',
      intro:
        'Compare os 35 Estados membros da OEA em indicadores tradicionais (homicídios, polícia, prisões, apreensões) e resultados amplos (prevenção, tratamento, reincidência, confiança).',
      aboutIndicator: 'Sobre este indicador',
      mapHeading: '{{indicator}}, {{year}}',
      mapLabel:
        'Mapa dos Estados membros coloridos por {{indicator}} em {{year}}; cada Estado leva ao seu perfil',
      mapHint:
        'Aponte para um Estado ou chegue a ele com a tecla Tab para ver o valor e o intervalo; selecione-o para ver o perfil.',
      subregions: 'Sub-regiões',
      americasValue: 'Américas: {{value}} {{unit}}',
      ranking: 'Classificação',
      rankingCaption: 'Estados membros por {{indicator}}, {{year}}',
      missing_one: 'Sem dados para {{count}} Estado membro: {{names}}.',
      missing_other: 'Sem dados para {{count}} Estados membros: {{names}}.',
    },
    fr: {
      title: 'La sécurité dans les Amériques',
      intro:
        'Comparez les 35 États membres de l’OEA sur les indicateurs traditionnels (homicides, police, prisons, saisies) et les résultats élargis (prévention, traitement, récidive, confiance).',
      aboutIndicator: 'À propos de cet indicateur',
      mapHeading: '{{indicator}}, {{year}}',
      mapLabel:
        'Carte des États membres colorés selon {{indicator}} en {{year}} ; chaque État mène à son profil',
      mapHint:
        'Pointez un État ou atteignez-le avec la touche Tab pour voir sa valeur et son intervalle ; sélectionnez-le pour son profil.',
      subregions: 'Sous-régions',
      americasValue: 'Amériques : {{value}} {{unit}}',
      ranking: 'Classement',
      rankingCaption: 'États membres selon {{indicator}}, {{year}}',
      missing_one: 'Pas de données pour {{count}} État membre : {{names}}.',
      missing_other: 'Pas de données pour {{count}} États membres : {{names}}.',
    },
  },
);
